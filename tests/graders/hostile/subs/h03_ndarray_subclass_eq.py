# expect: softmax=0
# An ndarray subclass overriding __eq__/__ne__ (data: zeros of the right shape).
import numpy as np


class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __ne__(self, other):
        return np.zeros(self.shape, dtype=bool)


def softmax(z):
    return np.zeros(np.shape(z)).view(Liar)
