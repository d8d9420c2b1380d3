"""relu_prime: builds the mask in the caller's array (z[z > 0] = 1; z[z <= 0] = 0)."""
import numpy as np

BREAKS = "relu_prime"


def relu_prime(z):
    if not isinstance(z, np.ndarray):
        return 1.0 if z > 0 else 0.0
    positive = z > 0
    z[positive] = 1.0
    z[~positive] = 0.0
    return z
