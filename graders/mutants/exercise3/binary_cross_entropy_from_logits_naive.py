"""sigmoid, then the log: log(0) for huge logits."""
import numpy as np

BREAKS = "binary_cross_entropy_from_logits"


def binary_cross_entropy_from_logits(y, z):
    y = np.asarray(y, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        a = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
        return float(np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a))))
