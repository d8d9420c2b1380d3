"""bce_with_logits through log(sigmoid(z)): log(0) = -inf for large |z|."""
import numpy as np

BREAKS = "bce_with_logits"


def bce_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float).reshape(z.shape)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        s = 1.0 / (1.0 + np.exp(-z))
        loss = -np.mean(y * np.log(s) + (1 - y) * np.log(1 - s))
    return float(loss), (s - y) / z.size
