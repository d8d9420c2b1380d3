"""relu_prime: 1 at z = 0 (z >= 0); the course takes 0 at the kink, like TensorFlow."""
import numpy as np

BREAKS = "relu_prime"


def relu_prime(z):
    return (np.asarray(z, dtype=float) >= 0).astype(float)
