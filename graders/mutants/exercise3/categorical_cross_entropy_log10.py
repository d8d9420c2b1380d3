"""log base 10 instead of the natural log."""
import numpy as np

BREAKS = "categorical_cross_entropy"


def categorical_cross_entropy(y_onehot, p):
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    return float(np.mean(-np.sum(np.asarray(y_onehot) * np.log10(p), axis=-1)))
