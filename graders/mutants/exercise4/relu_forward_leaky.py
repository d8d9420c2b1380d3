"""relu_forward as a leaky ReLU (0.01 x for negative x)."""
import numpy as np

BREAKS = "relu_forward"


def relu_forward(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.01 * x), x
