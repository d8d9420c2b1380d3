"""minibatches slices the data in its original order (no shuffle)."""

BREAKS = "minibatches"


def minibatches(X, y, batch_size, rng):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
