"""leaky_relu: the slope alpha applied to the positive side instead of the negative one."""
import numpy as np

BREAKS = "leaky_relu"


def leaky_relu(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, alpha * z, z)
