"""numerical_gradient: returns a flat vector of x.size entries instead of an array of x's shape."""
import numpy as np

BREAKS = "numerical_gradient"


def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = f(x)
        flat[i] = old - eps
        fm = f(x)
        flat[i] = old
        grad[i] = (fp - fm) / (2 * eps)
    return grad
