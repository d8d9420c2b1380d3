"""sigmoid, then clipped probabilities: caps the loss near 16."""
import numpy as np

BREAKS = "binary_cross_entropy_from_logits"


def binary_cross_entropy_from_logits(y, z):
    y = np.asarray(y, dtype=float)
    with np.errstate(over="ignore"):
        a = np.clip(1 / (1 + np.exp(-np.asarray(z, dtype=float))), 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a))))
