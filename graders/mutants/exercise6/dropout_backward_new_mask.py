"""dropout_backward drawing a fresh mask instead of using the forward's."""
import numpy as np

BREAKS = "dropout_backward"


def dropout_backward(dout, mask, rate):
    dout = np.asarray(dout, dtype=float)
    fresh = (np.random.default_rng().uniform(size=dout.shape) >= rate).astype(float)
    return dout * fresh / (1.0 - rate)
