"""batchnorm_backward with dgamma = sum(dout), forgetting the x_hat factor."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    m = dout.shape[0]
    g = dout * gamma
    dx = inv_std / m * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))
    return dx, dout.sum(axis=0), dout.sum(axis=0)
