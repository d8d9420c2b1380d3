# expect: full
# Python lists and masked arrays of the right values: converted and compared (the defined policy).
import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).tolist()


def mse(y, y_hat):
    d = np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)
    return np.ma.masked_array(np.mean(d ** 2), mask=False)
