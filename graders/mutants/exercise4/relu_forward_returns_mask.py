"""relu_forward returning the 0/1 mask (x > 0), the derivative, instead of max(0, x)."""
import numpy as np

BREAKS = "relu_forward"


def relu_forward(x):
    x = np.asarray(x, dtype=float)
    return (x > 0).astype(float), x
