# expect: softmax=0
# message: shape
# The right numbers in the wrong shape: a column (n, 1), which broadcasting would accept.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).reshape(-1, 1)
