"""relu_prime: np.sign(z) gives -1 for negative z instead of 0."""
import numpy as np

BREAKS = "relu_prime"


def relu_prime(z):
    return np.sign(np.asarray(z, dtype=float))
