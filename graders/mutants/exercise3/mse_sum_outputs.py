"""sums over outputs, then averages over examples (factor of the output count)."""
import numpy as np

BREAKS = "mse"


def mse(y, y_hat):
    d = (np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2
    return float(np.mean(d.reshape(len(d), -1).sum(axis=1)))
