"""relu_prime: np.heaviside(z, 0.5) takes 0.5 at z = 0 instead of 0."""
import numpy as np

BREAKS = "relu_prime"


def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.5)
