"""sigmoid_forward computing tanh instead of the logistic sigmoid."""
import numpy as np

BREAKS = "sigmoid_forward"
ALSO_BREAKS = ("sigmoid_backward",)  # the backward reads s from this wrong cache


def sigmoid_forward(x):
    s = np.tanh(np.asarray(x, dtype=float))
    return s, s
