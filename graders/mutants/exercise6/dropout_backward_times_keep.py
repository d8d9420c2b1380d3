"""dropout_backward multiplying by the keep probability instead of dividing: dout * mask * (1 - rate)."""
import numpy as np

BREAKS = "dropout_backward"


def dropout_backward(dout, mask, rate):
    return np.asarray(dout, dtype=float) * mask * (1.0 - rate)
