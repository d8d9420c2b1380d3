"""dense_forward without the bias: out = x @ W."""
import numpy as np

BREAKS = "dense_forward"


def dense_forward(x, W, b):
    x = np.asarray(x, dtype=float)
    return x @ W, (x, np.asarray(W, dtype=float))
