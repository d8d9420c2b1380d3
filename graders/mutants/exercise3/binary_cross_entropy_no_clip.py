"""no clipping: log(0) for probabilities of exactly 0 or 1."""
import numpy as np

BREAKS = "binary_cross_entropy"


def binary_cross_entropy(y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
