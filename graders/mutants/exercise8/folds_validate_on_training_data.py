"""k_fold_indices trains on every example, the validation fold included."""
import numpy as np

BREAKS = "splits"


def k_fold_indices(m, k, rng):
    folds = np.array_split(rng.permutation(m), k)
    return [(np.arange(m), f) for f in folds]
