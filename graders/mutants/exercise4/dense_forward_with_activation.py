"""dense_forward applying a sigmoid activation (a dense layer's forward here is linear)."""
import numpy as np

BREAKS = "dense_forward"


def dense_forward(x, W, b):
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    return 1.0 / (1.0 + np.exp(-(x @ W + b))), (x, W)
