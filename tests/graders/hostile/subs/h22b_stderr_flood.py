# expect: softmax=0
# Floods stderr (non-UTF-8 bytes and control characters) on one input.
import os

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        while True:
            os.write(2, b"\xff\xfe\x1b[31m\x00garbage" * 512)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
