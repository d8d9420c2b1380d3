"""bce_with_logits loss summed instead of averaged (the gradient is of the mean)."""
import numpy as np

BREAKS = "bce_with_logits"


def bce_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float).reshape(z.shape)
    loss = np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    return float(loss), (1.0 / (1.0 + np.exp(-z)) - y) / z.size
