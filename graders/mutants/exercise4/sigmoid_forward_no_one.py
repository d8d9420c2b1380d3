"""sigmoid_forward without the 1 +: 1 / exp(-x) = exp(x)."""
import numpy as np

BREAKS = "sigmoid_forward"
ALSO_BREAKS = ("sigmoid_backward",)  # the backward reads s from this wrong cache


def sigmoid_forward(x):
    with np.errstate(over="ignore"):
        s = 1.0 / np.exp(-np.asarray(x, dtype=float))
    return s, s
