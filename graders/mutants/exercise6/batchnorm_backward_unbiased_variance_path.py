"""batchnorm_backward differentiating the variance as if it divided by m - 1 (dvar/dx = 2(x - mu)/(m - 1))."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    m = dout.shape[0]
    g = dout * gamma
    dx = inv_std / m * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0) * m / (m - 1))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
