"""dropout_forward drawing its noise from np.random instead of the rng argument."""
import numpy as np

BREAKS = "dropout_forward"


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy(), np.ones_like(x)
    mask = (np.random.rand(*x.shape) >= rate).astype(float)
    return x * mask / (1.0 - rate), mask
