"""linear_collapse adds the biases, b = b1 + b2 (a shape error when the layers differ in width)."""
import numpy as np

BREAKS = "linear_collapse"


def linear_collapse(W1, b1, W2, b2):
    return np.asarray(W1) @ np.asarray(W2), np.asarray(b1) + np.asarray(b2)
