"""root of the mean squared error (RMSE)."""
import numpy as np

BREAKS = "mse"


def mse(y, y_hat):
    return float(np.sqrt(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2)))
