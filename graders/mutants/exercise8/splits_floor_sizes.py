"""train_val_test_split rounds the held-out sizes down with int() instead of up with ceil."""
import numpy as np

BREAKS = "splits"


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    rng = rng if rng is not None else np.random.default_rng()
    m = len(X)
    n_val, n_test = int(fractions[1] * m), int(fractions[2] * m)
    p = rng.permutation(m)
    train, val, test = p[: m - n_val - n_test], p[m - n_val - n_test : m - n_test], p[m - n_test :]
    return X[train], X[val], X[test], y[train], y[val], y[test]
