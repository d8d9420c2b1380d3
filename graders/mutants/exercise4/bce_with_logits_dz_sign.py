"""bce_with_logits gradient with the sign flipped: dz = (y - sigmoid(z)) / m."""
import numpy as np

BREAKS = "bce_with_logits"


def bce_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float).reshape(z.shape)
    loss = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    return float(loss), (y - 1.0 / (1.0 + np.exp(-z))) / z.size
