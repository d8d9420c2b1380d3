"""train_test_split returns (X_train, y_train, X_test, y_test) instead of the contract's order."""
import math

import numpy as np

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_test = math.ceil(test_fraction * len(X))
    order = rng.permutation(len(X))
    return X[order[n_test:]], y[order[n_test:]], X[order[:n_test]], y[order[:n_test]]
