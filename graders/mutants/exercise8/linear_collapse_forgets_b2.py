"""linear_collapse keeps b1 @ W2 but drops the second bias b2."""
import numpy as np

BREAKS = "linear_collapse"


def linear_collapse(W1, b1, W2, b2):
    return np.asarray(W1) @ np.asarray(W2), np.asarray(b1) @ np.asarray(W2)
