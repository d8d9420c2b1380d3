"""dropout_forward mixing the two conventions: no scaling while training, x * (1 - rate) at inference."""
import numpy as np

BREAKS = "dropout_forward"


def dropout_forward(x, rate, training, rng):
    x = np.asarray(x, dtype=float)
    if not training:
        return x * (1.0 - rate), np.ones_like(x)
    mask = (rng.uniform(size=x.shape) >= rate).astype(float)
    return x * mask, mask
