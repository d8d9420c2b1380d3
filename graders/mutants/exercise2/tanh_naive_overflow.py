"""tanh: (e^z - e^-z) / (e^z + e^-z) straight from the formula: inf/inf = NaN for |z| = 1000."""
import numpy as np

BREAKS = "tanh"


def tanh(z):
    z = np.asarray(z, dtype=float)
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
