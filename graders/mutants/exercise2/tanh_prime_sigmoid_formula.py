"""tanh_prime: the sigmoid's formula t * (1 - t) used for tanh."""
import numpy as np

BREAKS = "tanh_prime"


def tanh_prime(z):
    t = np.tanh(np.asarray(z, dtype=float))
    return t * (1.0 - t)
