"""tanh_prime: 1 - tanh(z**2) instead of 1 - tanh(z)**2."""
import numpy as np

BREAKS = "tanh_prime"


def tanh_prime(z):
    return 1.0 - np.tanh(np.asarray(z, dtype=float) ** 2)
