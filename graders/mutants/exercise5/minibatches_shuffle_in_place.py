"""minibatches shuffles the caller's X and y in place."""

BREAKS = "minibatches"


def minibatches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X[:] = X[order]
    y[:] = y[order]
    return [(X[i:i + batch_size].copy(), y[i:i + batch_size].copy()) for i in range(0, len(X), batch_size)]
