"""batchnorm_backward treating the batch mean and variance as constants: dx = dout * gamma * inv_std."""
import numpy as np

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    return dout * gamma * inv_std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
