"""train_val_test_split cuts the rows in their original order: no shuffle."""
import math

BREAKS = "splits"


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    m = len(X)
    n_val, n_test = math.ceil(fractions[1] * m), math.ceil(fractions[2] * m)
    a, b = m - n_val - n_test, m - n_test
    return X[:a].copy(), X[a:b].copy(), X[b:].copy(), y[:a].copy(), y[a:b].copy(), y[b:].copy()
