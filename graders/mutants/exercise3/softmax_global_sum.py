"""softmax dividing by the sum over the whole batch, not per row."""
import numpy as np

BREAKS = "softmax"


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()
