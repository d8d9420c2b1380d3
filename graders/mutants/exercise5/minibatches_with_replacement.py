"""minibatches samples indices with replacement (rng.integers), like CS231n's Solver."""

BREAKS = "minibatches"


def minibatches(X, y, batch_size, rng):
    order = rng.integers(0, len(X), size=len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]
