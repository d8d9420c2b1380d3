"""l2_grad returning the L1 (sub)gradient lam * sign(W)."""
import numpy as np

BREAKS = "l2_grad"


def l2_grad(W, lam):
    return lam * np.sign(np.asarray(W, dtype=float))
