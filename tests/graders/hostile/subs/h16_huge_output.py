# expect: softmax=0
# Returns a 20000 x 20000 float32 array (1.6 GB): the memory limit stops it.
import numpy as np


def softmax(z):
    return np.ones((20000, 20000), dtype=np.float32)
