"""l2_penalty with a 1/m factor: the mean of the squared weights instead of their sum."""
import numpy as np

BREAKS = "l2_penalty"


def l2_penalty(weights, lam):
    return float(lam * sum(np.mean(np.asarray(W) ** 2) for W in weights))
