"""squared errors (that is MSE)."""
import numpy as np

BREAKS = "mae"


def mae(y, y_hat):
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))
