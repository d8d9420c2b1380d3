"""gradient_check without the 1e-8 floor: 0/0 = NaN where both gradients are 0."""
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
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))
