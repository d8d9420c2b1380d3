# expect: softmax=0
# +-inf output.
import numpy as np


def softmax(z):
    out = np.full(np.shape(z), np.inf)
    out[..., 0] = -np.inf
    return out
