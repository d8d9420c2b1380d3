# expect: softmax=0
# message: modified its argument
# Correct values, but computed by shifting the caller's array in place.
import numpy as np


def softmax(z):
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z.copy()
