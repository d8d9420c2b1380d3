"""-log(softmax(z)[y]): underflows to log(0) for huge logits."""
import numpy as np

BREAKS = "sparse_categorical_cross_entropy"


def sparse_categorical_cross_entropy(y, logits):
    y = np.asarray(y).astype(int).reshape(-1)
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(p[np.arange(len(y)), y])))
