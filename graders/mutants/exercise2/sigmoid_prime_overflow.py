"""sigmoid_prime: exp(-z) / (1 + exp(-z))**2, which is inf/inf = NaN for z = -1000."""
import numpy as np

BREAKS = "sigmoid_prime"


def sigmoid_prime(z):
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1.0 + e) ** 2
