"""log(softmax(z)): -inf where a probability underflows."""
import numpy as np

BREAKS = "log_softmax"


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.log(e / e.sum(axis=-1, keepdims=True))
