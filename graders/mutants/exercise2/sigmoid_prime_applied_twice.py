"""sigmoid_prime: sigmoid applied to the activation again: s2 = sigmoid(sigmoid(z)), s2 * (1 - s2)."""
import numpy as np

BREAKS = "sigmoid_prime"


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = _sigmoid(_sigmoid(np.asarray(z, dtype=float)))
    return s * (1.0 - s)
