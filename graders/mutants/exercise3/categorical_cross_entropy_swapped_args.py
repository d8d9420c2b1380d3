"""arguments swapped: loss(p, y) instead of loss(y_true, y_pred)."""
import numpy as np

BREAKS = "categorical_cross_entropy"


def categorical_cross_entropy(y_onehot, p):
    y = np.clip(np.asarray(y_onehot, dtype=float), 1e-7, 1 - 1e-7)
    return float(np.mean(-np.sum(np.asarray(p) * np.log(y), axis=-1)))
