"""dropout_forward ignoring training: it also drops units at inference."""
import numpy as np

BREAKS = "dropout_forward"


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=float)
    mask = (rng.uniform(size=x.shape) >= rate).astype(float)
    return x * mask / (1.0 - rate), mask
