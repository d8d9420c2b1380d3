"""train_test_split shuffles the caller's X and y in place with rng.shuffle."""
import math

BREAKS = "train_test_split"


def train_test_split(X, y, test_fraction, rng):
    n_test = math.ceil(test_fraction * len(X))
    state = rng.bit_generator.state
    rng.shuffle(X)
    rng.bit_generator.state = state
    rng.shuffle(y)
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]
