"""tanh: e^z - e^-z / (e^z + e^-z) without parentheses around the numerator."""
import numpy as np

BREAKS = "tanh"


def tanh(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) - np.exp(-z) / (np.exp(z) + np.exp(-z))
