"""dropout_forward treating rate as the keep probability (cs231n's p): keeps a unit with probability rate."""
import numpy as np

BREAKS = "dropout_forward"


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy(), np.ones_like(x)
    mask = (rng.uniform(size=x.shape) < rate).astype(float)
    return x * mask / rate, mask
