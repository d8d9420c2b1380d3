# expect: softmax=0
# message: did not return
# Sleeps for an hour on one input: a wall-clock timeout (a CPU limit alone would never fire).
import time

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        time.sleep(3600)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
