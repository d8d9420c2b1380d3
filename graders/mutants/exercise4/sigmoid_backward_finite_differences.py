"""sigmoid_backward computed by centred finite differences of the student's own sigmoid_forward
(x recovered from the cached output), one coordinate at a time: a forward call per coordinate."""

import numpy as np

from reference.numpy.layers import sigmoid_forward

BREAKS = "sigmoid_backward"


def sigmoid_backward(dout, cache):
    s = np.asarray(cache, dtype=float)
    x = np.log(s) - np.log1p(-s)  # the forward's input, from its output
    dx = np.zeros_like(x)
    h = 1e-5
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(np.sum(sigmoid_forward(x)[0] * dout))
        x[i] = old - h
        minus = float(np.sum(sigmoid_forward(x)[0] * dout))
        x[i] = old
        dx[i] = (plus - minus) / (2 * h)
    return dx
