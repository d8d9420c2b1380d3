"""batchnorm_backward averaging dgamma and dbeta over the batch (a 1/m too many)."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    m = dout.shape[0]
    g = dout * gamma
    dx = inv_std / m * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))
    return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)
