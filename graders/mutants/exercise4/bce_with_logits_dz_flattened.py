"""bce_with_logits returning dz flattened to (m,) when z is a column (m, 1)."""
import numpy as np

BREAKS = "bce_with_logits"


def bce_with_logits(z, y):
    z = np.asarray(z, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    loss = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    return float(loss), (1.0 / (1.0 + np.exp(-z)) - y) / z.size
