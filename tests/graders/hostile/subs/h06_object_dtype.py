# expect: softmax=0
# message: object arrays
# An object-dtype array of always-equal objects.
import numpy as np


class Eq:
    def __eq__(self, other):
        return True


def softmax(z):
    out = np.empty(np.shape(z), dtype=object)
    out[...] = Eq()
    return out
