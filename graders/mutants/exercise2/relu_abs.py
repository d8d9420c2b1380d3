"""relu: |z| instead of max(0, z)."""
import numpy as np

BREAKS = "relu"


def relu(z):
    return np.abs(np.asarray(z, dtype=float))
