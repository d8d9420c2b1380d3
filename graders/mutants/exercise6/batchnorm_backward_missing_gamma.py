"""batchnorm_backward forgetting gamma in dx (backpropagating dout instead of dout * gamma into x_hat)."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, inv_std = cache["x_hat"], cache["inv_std"]
    m = dout.shape[0]
    dx = inv_std / m * (m * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
