# expect: softmax=0
# All-NaN output (fools hand-written `not (abs(a - b) > tol).any()` checks).
import numpy as np


def softmax(z):
    return np.full(np.shape(z), np.nan)
