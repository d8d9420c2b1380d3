"""relu_backward computed by centred finite differences of the student's own relu_forward, one
coordinate at a time: right values away from the kink, but a forward call per coordinate."""

import numpy as np

from reference.numpy.layers import relu_forward

BREAKS = "relu_backward"


def relu_backward(dout, cache):
    x = np.array(cache, dtype=float)
    dx = np.zeros_like(x)
    h = 1e-5
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(np.sum(relu_forward(x)[0] * dout))
        x[i] = old - h
        minus = float(np.sum(relu_forward(x)[0] * dout))
        x[i] = old
        dx[i] = (plus - minus) / (2 * h)
    return dx
