"""dropout_forward returning the pre-scaled mask (mask / (1 - rate)) instead of the 0/1 mask."""
import numpy as np

BREAKS = "dropout_forward"


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy(), np.ones_like(x)
    mask = (rng.uniform(size=x.shape) >= rate) / (1.0 - rate)
    return x * mask, mask
