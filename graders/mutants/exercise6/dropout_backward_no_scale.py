"""dropout_backward forgetting the 1/(1 - rate) scale: dx = dout * mask."""
import numpy as np

BREAKS = "dropout_backward"


def dropout_backward(dout, mask, rate):
    return np.asarray(dout, dtype=float) * mask
