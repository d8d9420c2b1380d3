"""dense_backward returning db = dout, not summed over the batch."""
import numpy as np

BREAKS = "dense_backward"


def dense_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, np.array(dout, dtype=float)
