"""relu: z[z < 0] = 0 zeroes the caller's array in place."""
import numpy as np

BREAKS = "relu"


def relu(z):
    if not isinstance(z, np.ndarray):
        return max(0.0, z)
    z[z < 0] = 0.0
    return z
