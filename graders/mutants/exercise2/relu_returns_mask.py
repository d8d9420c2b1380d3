"""relu: returns the 0/1 mask (z > 0), which is relu's derivative, not relu."""
import numpy as np

BREAKS = "relu"


def relu(z):
    return (np.asarray(z, dtype=float) > 0).astype(float)
