"""relu_forward with np.max(x, 0), a reduction over axis 0, instead of np.maximum(0, x)."""
import numpy as np

BREAKS = "relu_forward"


def relu_forward(x):
    x = np.asarray(x, dtype=float)
    return np.max(x, 0), x
