"""leaky_relu: default alpha 0.2 (tf.nn.leaky_relu's default) instead of the course's 0.1."""
import numpy as np

BREAKS = "leaky_relu"


def leaky_relu(z, alpha=0.2):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)
