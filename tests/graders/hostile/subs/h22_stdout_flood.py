# expect: softmax=0
# Floods stdout on one input: the file-size limit stops it, the report stays readable.
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        while True:
            print("x" * 4096)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
