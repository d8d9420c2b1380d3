"""log(1 + exp(-z)) without abs: exp overflows for very negative z."""
import numpy as np

BREAKS = "binary_cross_entropy_from_logits"


def binary_cross_entropy_from_logits(y, z):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-z))))
