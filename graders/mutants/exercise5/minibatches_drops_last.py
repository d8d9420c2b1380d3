"""minibatches drops the last, smaller batch."""

BREAKS = "minibatches"


def minibatches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]])
            for i in range(0, len(X) - batch_size + 1, batch_size)]
