"""numerical_gradient: nudges every coordinate at once (x + eps), one directional slope copied everywhere."""
import numpy as np

BREAKS = "numerical_gradient"


def numerical_gradient(f, x, eps=1e-5):
    x = np.asarray(x, dtype=float)
    slope = (f(x + eps) - f(x - eps)) / (2 * eps)
    return np.full(x.shape, slope)
