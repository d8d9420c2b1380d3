"""train_val_test_split shuffles X and y with different permutations: labels leave their rows."""
import math

import numpy as np

BREAKS = "splits"


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    rng = rng if rng is not None else np.random.default_rng()
    m = len(X)
    n_val, n_test = math.ceil(fractions[1] * m), math.ceil(fractions[2] * m)
    Xs, ys = X[rng.permutation(m)], y[rng.permutation(m)]
    a, b = m - n_val - n_test, m - n_test
    return Xs[:a], Xs[a:b], Xs[b:], ys[:a], ys[a:b], ys[b:]
