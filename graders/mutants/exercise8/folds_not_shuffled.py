"""k_fold_indices deals consecutive blocks 0..m-1 into the folds: no shuffle."""
import numpy as np

BREAKS = "splits"


def k_fold_indices(m, k, rng):
    folds = np.array_split(np.arange(m), k)
    return [(np.concatenate(folds[:j] + folds[j + 1 :]), f) for j, f in enumerate(folds)]
