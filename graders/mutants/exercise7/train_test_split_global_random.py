"""train_test_split shuffles with np.random instead of the rng it is given."""
import math

import numpy as np

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_test = math.ceil(test_fraction * len(X))
    order = np.random.permutation(len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]
