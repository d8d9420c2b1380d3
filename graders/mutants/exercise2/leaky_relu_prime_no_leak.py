"""leaky_relu_prime: ReLU's derivative, 0 for negative z instead of alpha."""
import numpy as np

BREAKS = "leaky_relu_prime"


def leaky_relu_prime(z, alpha=0.1):
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.0)
