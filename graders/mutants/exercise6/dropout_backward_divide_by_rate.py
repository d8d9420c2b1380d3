"""dropout_backward dividing by rate instead of the keep probability 1 - rate."""
import numpy as np

BREAKS = "dropout_backward"


def dropout_backward(dout, mask, rate):
    return np.asarray(dout, dtype=float) * mask / rate
