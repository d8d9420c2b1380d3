"""sum of squared errors instead of the mean."""
import numpy as np

BREAKS = "mse"


def mse(y, y_hat):
    return float(np.sum((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))
