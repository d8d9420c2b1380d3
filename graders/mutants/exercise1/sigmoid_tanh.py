"""tanh passed off as the sigmoid: range (-1, 1), tanh(0) = 0 instead of 0.5."""
import numpy as np

BREAKS = "sigmoid"


def sigmoid(z):
    return np.tanh(np.asarray(z, dtype=float))
