"""log-sum-exp without the max-shift: overflows for large logits."""
import numpy as np

BREAKS = "log_softmax"


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
