"""leaky_relu: returns the constant alpha for z <= 0 instead of alpha * z."""
import numpy as np

BREAKS = "leaky_relu"


def leaky_relu(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha)
