"""sigmoid with exp(z) instead of exp(-z): computes sigmoid(-z)."""
import numpy as np

BREAKS = "sigmoid"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))
