"""numerical_gradient: nudges the caller's x in place and never restores it (x is left changed)."""
import numpy as np

BREAKS = "numerical_gradient"


def numerical_gradient(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += eps
        fp = f(x)
        x[i] -= 2 * eps
        fm = f(x)
        grad[i] = (fp - fm) / (2 * eps)
    return grad
