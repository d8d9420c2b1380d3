"""k_fold_indices makes k folds of m // k examples: the remainder is never validated on."""
import numpy as np

BREAKS = "splits"


def k_fold_indices(m, k, rng):
    p = rng.permutation(m)
    size = m // k
    folds = []
    for j in range(k):
        val = p[j * size : (j + 1) * size]
        train = np.concatenate([p[: j * size], p[(j + 1) * size :]])
        folds.append((train, val))
    return folds
