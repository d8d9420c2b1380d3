"""clipped with 1e-15 (scikit-learn style) instead of Keras 1e-7."""
import numpy as np

BREAKS = "binary_cross_entropy"


def binary_cross_entropy(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
