"""sum over examples instead of the mean."""
import numpy as np

BREAKS = "sparse_categorical_cross_entropy"


def sparse_categorical_cross_entropy(y, logits):
    y = np.asarray(y).astype(int).reshape(-1)
    z = np.asarray(logits, dtype=float)
    s = z - z.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return float(-np.sum(log_p[np.arange(len(y)), y]))
