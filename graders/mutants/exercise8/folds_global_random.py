"""k_fold_indices shuffles with np.random instead of the rng it is given."""
import numpy as np

BREAKS = "splits"


def k_fold_indices(m, k, rng):
    folds = np.array_split(np.random.permutation(m), k)
    return [(np.concatenate(folds[:j] + folds[j + 1 :]), f) for j, f in enumerate(folds)]
