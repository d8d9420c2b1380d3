"""sigmoid_prime: tanh's derivative formula 1 - s**2 used for the sigmoid."""
import numpy as np

BREAKS = "sigmoid_prime"


def sigmoid_prime(z):
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return 1.0 - s**2
