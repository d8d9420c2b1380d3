"""train_val_test_split draws the validation and test sets with two permutations: they overlap."""
import math

import numpy as np

BREAKS = "splits"


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    rng = rng if rng is not None else np.random.default_rng()
    m = len(X)
    n_val, n_test = math.ceil(fractions[1] * m), math.ceil(fractions[2] * m)
    p, q = rng.permutation(m), rng.permutation(m)
    train, val, test = p[: m - n_val - n_test], p[m - n_val - n_test : m - n_test], q[:n_test]
    return X[train], X[val], X[test], y[train], y[val], y[test]
