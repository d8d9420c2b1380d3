"""dense_backward averaging db over the batch (a second 1/m: dout already carries the loss's)."""
import numpy as np

BREAKS = "dense_backward"


def dense_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, np.mean(dout, axis=0)
