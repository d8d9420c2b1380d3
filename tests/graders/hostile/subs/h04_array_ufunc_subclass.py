# expect: softmax=0
# An ndarray subclass whose __array_ufunc__ answers True to everything (fools np.allclose in-process).
import numpy as np


class Hijack(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True


def softmax(z):
    return np.zeros(np.shape(z)).view(Hijack)
