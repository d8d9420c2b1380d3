# expect: softmax=0
# message: did not return
# An infinite loop on one input (the 1-D test): that test times out, the others still run.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        while True:
            pass
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
