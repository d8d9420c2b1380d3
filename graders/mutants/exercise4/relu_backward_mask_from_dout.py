"""relu_backward masking by the sign of dout (relu(dout)) instead of the sign of x."""
import numpy as np

BREAKS = "relu_backward"


def relu_backward(dout, cache):
    return np.maximum(0.0, dout)
