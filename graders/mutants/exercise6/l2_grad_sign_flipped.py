"""l2_grad with the sign flipped (-2 lam W: the update direction, not the gradient)."""
import numpy as np

BREAKS = "l2_grad"


def l2_grad(W, lam):
    return -2.0 * lam * np.asarray(W, dtype=float)
