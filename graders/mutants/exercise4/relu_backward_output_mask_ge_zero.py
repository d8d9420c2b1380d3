"""ReLU mask taken from the output with out >= 0, which is true everywhere: nothing is masked."""
import numpy as np

BREAKS = "relu_backward"


def relu_forward(x):
    out = np.maximum(0.0, np.asarray(x, dtype=float))
    return out, out


def relu_backward(dout, cache):
    return dout * (cache >= 0)
