"""l2_penalty with the 1/2 factor of cs231n / d2l: 0.5 * lam * sum W^2."""
import numpy as np

BREAKS = "l2_penalty"


def l2_penalty(weights, lam):
    return float(0.5 * lam * sum(np.sum(np.asarray(W) ** 2) for W in weights))
