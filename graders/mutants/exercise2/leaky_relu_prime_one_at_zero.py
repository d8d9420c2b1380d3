"""leaky_relu_prime: 1 at z = 0 (z >= 0); the course takes alpha at z = 0, like TensorFlow."""
import numpy as np

BREAKS = "leaky_relu_prime"


def leaky_relu_prime(z, alpha=0.1):
    return np.where(np.asarray(z, dtype=float) >= 0, 1.0, alpha)
