"""the 1/2 of the cost J = 1/(2m) sum(...) carried into the loss."""
import numpy as np

BREAKS = "mse"


def mse(y, y_hat):
    return float(0.5 * np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))
