"""l2_penalty computing the L1 penalty: lam * sum |W|."""
import numpy as np

BREAKS = "l2_penalty"


def l2_penalty(weights, lam):
    return float(lam * sum(np.sum(np.abs(W)) for W in weights))
