"""sigmoid_prime: s * (1 + s) instead of s * (1 - s)."""
import numpy as np

BREAKS = "sigmoid_prime"


def sigmoid_prime(z):
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 + s)
