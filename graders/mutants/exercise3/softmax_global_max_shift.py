"""softmax shifted by the max of the whole array: rows far below it underflow to 0/0."""
import numpy as np

BREAKS = "softmax"


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)
