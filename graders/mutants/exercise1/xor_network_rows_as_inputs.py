"""xor_network unpacks x1, x2 = x[0], x[1] (the first two rows) instead of the columns x[:, 0], x[:, 1]."""
import numpy as np

BREAKS = "xor_network"


def xor_network(x):
    x = np.asarray(x, dtype=float)
    x1, x2 = x[0], x[-1]
    nor = (1.0 - 2.0 * x1 - 2.0 * x2 >= 0).astype(float)
    and_ = (-3.0 + 2.0 * x1 + 2.0 * x2 >= 0).astype(float)
    return (1.0 - 2.0 * nor - 2.0 * and_ >= 0).astype(float)
