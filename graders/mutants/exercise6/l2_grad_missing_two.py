"""l2_grad = lam * W: the gradient of the 1/2-convention penalty, not Keras's 2 * lam * W."""
import numpy as np

BREAKS = "l2_grad"


def l2_grad(W, lam):
    return lam * np.asarray(W, dtype=float)
