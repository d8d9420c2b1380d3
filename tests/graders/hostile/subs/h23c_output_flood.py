# expect: softmax=0
# message: wrote more than
# Fills out/ (the one writable place in the sandbox, where results go) with 8 MB files on one input.
import os

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        block = b"\0" * (8 << 20)
        for i in range(10000):
            try:
                with open(os.path.join("out", f"flood{i}"), "wb") as f:
                    f.write(block)
            except OSError:
                pass
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
