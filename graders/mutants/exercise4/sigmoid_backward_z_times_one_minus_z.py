"""the notes' g'(z) = z(1 - z) taken literally on the pre-activation z (it means a(1 - a))."""
import numpy as np

BREAKS = "sigmoid_backward"


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    return 1.0 / (1.0 + np.exp(-x)), x


def sigmoid_backward(dout, cache):
    return dout * cache * (1.0 - cache)
