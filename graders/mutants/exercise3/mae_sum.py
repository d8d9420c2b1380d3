"""sum of absolute errors instead of the mean."""
import numpy as np

BREAKS = "mae"


def mae(y, y_hat):
    return float(np.sum(np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))))
