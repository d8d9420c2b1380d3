"""arguments swapped: loss(p, y)."""
import numpy as np

BREAKS = "binary_cross_entropy"


def binary_cross_entropy(y, p):
    p_, y_ = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    p_ = np.clip(p_, 1e-7, 1 - 1e-7)
    return float(np.mean(-(y_ * np.log(p_) + (1 - y_) * np.log(1 - p_))))
