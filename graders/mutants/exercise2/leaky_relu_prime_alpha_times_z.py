"""leaky_relu_prime: alpha * z for negative z (the function's value) instead of the slope alpha."""
import numpy as np

BREAKS = "leaky_relu_prime"


def leaky_relu_prime(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha * z)
