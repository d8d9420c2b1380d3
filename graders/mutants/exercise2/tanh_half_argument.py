"""tanh: 2 sigmoid(z) - 1, which is tanh(z / 2) (the identity is 2 sigmoid(2z) - 1)."""
import numpy as np

BREAKS = "tanh"


def tanh(z):
    z = np.asarray(z, dtype=float)
    return 2.0 / (1.0 + np.exp(-z)) - 1.0
