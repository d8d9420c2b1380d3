"""l2_penalty using the Frobenius norm itself instead of its square: lam * ||W||."""
import numpy as np

BREAKS = "l2_penalty"


def l2_penalty(weights, lam):
    return float(lam * sum(np.linalg.norm(W) for W in weights))
