"""batchnorm_backward computed by centred finite differences of the student's own batchnorm_forward,
one coordinate at a time: right values, but a forward call per coordinate of x, gamma and beta."""

import numpy as np

from reference.numpy.regularization import batchnorm_forward

BREAKS = "batchnorm_backward"


def batchnorm_backward(dout, cache):
    # The forward is unchanged by a per-feature shift of x, so x_hat / inv_std stands for x.
    x = np.array(cache["x_hat"] / cache["inv_std"], dtype=float)
    gamma = np.array(cache["gamma"], dtype=float)
    beta = np.zeros_like(gamma)
    d = x.shape[1]
    running = {"mean": np.zeros(d), "var": np.ones(d)}

    def loss():
        return float(np.sum(batchnorm_forward(x, gamma, beta, running, cache["training"])[0] * dout))

    grads = []
    h = 1e-5
    for p in (x, gamma, beta):
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            plus = loss()
            p[i] = old - h
            minus = loss()
            p[i] = old
            g[i] = (plus - minus) / (2 * h)
        grads.append(g)
    return tuple(grads)
