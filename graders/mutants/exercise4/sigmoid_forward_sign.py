"""sigmoid_forward with exp(x) instead of exp(-x): sigmoid(-x)."""
import numpy as np

BREAKS = "sigmoid_forward"


def sigmoid_forward(x):
    s = 1.0 / (1.0 + np.exp(np.asarray(x, dtype=float)))
    return s, s
