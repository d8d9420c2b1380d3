"""gradient_check averaging the elementwise relative errors instead of taking the max."""
import numpy as np

BREAKS = "gradient_check"


def gradient_check(f, x, analytic_grad, eps=1e-5):
    x = np.array(x, dtype=float)
    a = np.asarray(analytic_grad, dtype=float)
    n = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        fp = f(x)
        x[i] = old - eps
        fm = f(x)
        n[i] = (fp - fm) / (2 * eps)
        x[i] = old
    return float(np.mean(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))
