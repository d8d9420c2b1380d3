"""sigmoid of each logit instead of softmax (outputs do not sum to 1)."""
import numpy as np

BREAKS = "softmax"


def softmax(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
