"""gradient_check with forward differences (f(x + eps) - f(x)) / eps: O(eps) error."""
import numpy as np

BREAKS = "gradient_check"


def gradient_check(f, x, analytic_grad, eps=1e-5):
    x = np.array(x, dtype=float)
    a = np.asarray(analytic_grad, dtype=float)
    n = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        f0 = f(x)
        x[i] = old + eps
        n[i] = (f(x) - f0) / eps
        x[i] = old
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))
