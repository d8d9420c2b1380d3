"""sigmoid as exp(z) / (1 + exp(z)) for every z: inf/inf = NaN at z = 1000."""
import numpy as np

BREAKS = "sigmoid"


def sigmoid(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / (1.0 + e)
