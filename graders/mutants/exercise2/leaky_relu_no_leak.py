"""leaky_relu: plain ReLU, the negative side is 0 instead of alpha * z."""
import numpy as np

BREAKS = "leaky_relu"


def leaky_relu(z, alpha=0.1):
    return np.maximum(0.0, np.asarray(z, dtype=float))
