"""l2_penalty of the first kernel only (returns inside the loop)."""
import numpy as np

BREAKS = "l2_penalty"


def l2_penalty(weights, lam):
    for W in weights:
        return float(lam * np.sum(np.asarray(W) ** 2))
    return 0.0
