"""relu: np.minimum(0, z) keeps the negative part instead of the positive one."""
import numpy as np

BREAKS = "relu"


def relu(z):
    return np.minimum(0.0, np.asarray(z, dtype=float))
