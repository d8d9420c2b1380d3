"""sigmoid_forward with 1 / (1 - exp(-x)) (minus instead of plus)."""
import numpy as np

BREAKS = "sigmoid_forward"
ALSO_BREAKS = ("sigmoid_backward",)  # the backward reads s from this wrong cache


def sigmoid_forward(x):
    with np.errstate(divide="ignore", over="ignore"):
        s = 1.0 / (1.0 - np.exp(-np.asarray(x, dtype=float)))
    return s, s
