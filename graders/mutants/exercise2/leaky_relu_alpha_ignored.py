"""leaky_relu: the slope 0.1 is hard-coded and the alpha argument ignored."""
import numpy as np

BREAKS = "leaky_relu"


def leaky_relu(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.maximum(0.1 * z, z)
