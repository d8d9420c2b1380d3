"""sigmoid_backward using tanh's derivative 1 - s^2 instead of s (1 - s)."""
import numpy as np

BREAKS = "sigmoid_backward"


def sigmoid_backward(dout, cache):
    return np.asarray(dout) * (1.0 - cache**2)
