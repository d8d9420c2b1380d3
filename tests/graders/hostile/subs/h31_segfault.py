# expect: softmax=0
# message: SIGSEGV
# Dereferences NULL with ctypes on one input.
import ctypes

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        ctypes.string_at(0)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
