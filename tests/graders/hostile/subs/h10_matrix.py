# expect: softmax=0
# np.matrix output: 2-D only, so a 1-D input comes back as (1, n).
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.asmatrix(e / e.sum(axis=-1, keepdims=True))
