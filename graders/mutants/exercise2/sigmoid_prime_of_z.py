"""sigmoid_prime: the notes' shorthand z(1 - z) taken literally, on z instead of s = sigmoid(z)."""
import numpy as np

BREAKS = "sigmoid_prime"


def sigmoid_prime(z):
    z = np.asarray(z, dtype=float)
    return z * (1.0 - z)
