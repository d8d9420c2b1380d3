"""sigmoid derivative applied to the activation twice: sigmoid(s) * (1 - sigmoid(s)) with s the cached output."""
import numpy as np

BREAKS = "sigmoid_backward"


def sigmoid_backward(dout, cache):
    s = 1.0 / (1.0 + np.exp(-cache))
    return dout * s * (1.0 - s)
