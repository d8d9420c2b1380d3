"""train_test_split sizes the test set with int(fraction * m) (rounds down) instead of ceil."""
import numpy as np

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_test = int(test_fraction * len(X))
    order = rng.permutation(len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]
