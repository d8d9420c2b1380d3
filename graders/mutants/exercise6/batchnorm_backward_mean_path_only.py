"""batchnorm_backward with the path through the mean but not through the variance."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
