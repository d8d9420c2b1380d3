"""leaky_relu_prime: the slope 0.1 is hard-coded and the alpha argument ignored."""
import numpy as np

BREAKS = "leaky_relu_prime"


def leaky_relu_prime(z, alpha=0.1):
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.1)
