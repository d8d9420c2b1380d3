"""train_test_split holds out the last rows without shuffling."""
import math

import numpy as np

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_train = len(X) - math.ceil(test_fraction * len(X))
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]
