"""only the max-shift, the log-sum-exp term forgotten."""
import numpy as np

BREAKS = "log_softmax"


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    return z - z.max(axis=-1, keepdims=True)
