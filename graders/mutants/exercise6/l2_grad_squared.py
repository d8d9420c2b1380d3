"""l2_grad returning the penalty's terms 2 * lam * W^2 instead of the derivative."""
import numpy as np

BREAKS = "l2_grad"


def l2_grad(W, lam):
    return 2.0 * lam * np.asarray(W, dtype=float) ** 2
