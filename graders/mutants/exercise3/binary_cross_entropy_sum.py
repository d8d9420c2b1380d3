"""sum over examples instead of the mean."""
import numpy as np

BREAKS = "binary_cross_entropy"


def binary_cross_entropy(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    return float(np.sum(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
