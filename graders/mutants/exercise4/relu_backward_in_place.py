"""relu_backward zeroing dout in place (modifies the caller's upstream gradient)."""
import numpy as np

BREAKS = "relu_backward"


def relu_backward(dout, cache):
    dout[np.asarray(cache) <= 0] = 0.0
    return dout
