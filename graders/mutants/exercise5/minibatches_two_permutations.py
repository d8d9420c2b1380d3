"""minibatches shuffles X and y with two different permutations: labels no longer match."""

BREAKS = "minibatches"


def minibatches(X, y, batch_size, rng):
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
