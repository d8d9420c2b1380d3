"""dense ignores its activation argument and always applies the sigmoid."""
import numpy as np

BREAKS = "dense"


def dense(a_in, W, b, activation="sigmoid"):
    z = np.asarray(a_in, dtype=float) @ np.asarray(W, dtype=float) + b
    return 1.0 / (1.0 + np.exp(-z))
