"""train_test_split shuffles X and y with two different permutations: labels leave their rows."""
import math

import numpy as np

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_test = math.ceil(test_fraction * len(X))
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]
