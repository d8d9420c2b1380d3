"""tanh: np.tanh(z, out=z) overwrites the caller's array."""
import numpy as np

BREAKS = "tanh"


def tanh(z):
    if isinstance(z, np.ndarray):
        return np.tanh(z, out=z)
    return np.tanh(z)
