"""tanh: the slides' (1 - exp(-2z)) / (1 + exp(-2z)), NaN for z = -1000 (exp(2000) overflows)."""
import numpy as np

BREAKS = "tanh"


def tanh(z):
    e = np.exp(-2.0 * np.asarray(z, dtype=float))
    return (1.0 - e) / (1.0 + e)
