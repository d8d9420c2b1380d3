"""softmax without the max-shift: exp overflows on large logits."""
import numpy as np

BREAKS = "softmax"


def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
