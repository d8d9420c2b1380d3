"""l2_grad with the DLS 1/m factor: 2 * lam * W / m, m taken as W's number of rows."""
import numpy as np

BREAKS = "l2_grad"


def l2_grad(W, lam):
    W = np.asarray(W, dtype=float)
    return 2.0 * lam * W / W.shape[0]
