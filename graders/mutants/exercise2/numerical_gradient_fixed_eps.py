"""numerical_gradient: ignores the eps argument and always nudges by 1e-2."""
import numpy as np

BREAKS = "numerical_gradient"


def numerical_gradient(f, x, eps=1e-5):
    h = 1e-2
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad
