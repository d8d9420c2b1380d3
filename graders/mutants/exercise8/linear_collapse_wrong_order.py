"""linear_collapse multiplies the kernels in the wrong order, W2 @ W1 (only fits square layers)."""
import numpy as np

BREAKS = "linear_collapse"


def linear_collapse(W1, b1, W2, b2):
    return np.asarray(W2) @ np.asarray(W1), np.asarray(b1) @ np.asarray(W2) + np.asarray(b2)
