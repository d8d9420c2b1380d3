"""softmax normalised over columns (axis=0) instead of each example's classes."""
import numpy as np

BREAKS = "softmax"


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
