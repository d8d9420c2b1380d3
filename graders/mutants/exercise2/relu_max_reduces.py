"""relu: np.max(z, 0) reduces over axis 0 instead of the elementwise np.maximum(0, z)."""
import numpy as np

BREAKS = "relu"


def relu(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0:
        return np.maximum(z, 0.0)
    return np.max(z, 0)
