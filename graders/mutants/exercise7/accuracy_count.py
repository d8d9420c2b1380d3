"""accuracy returns the number of correct predictions, not the fraction."""
import numpy as np

BREAKS = "accuracy"


def accuracy(logits, y):
    return float(np.sum(np.argmax(logits, axis=1) == np.asarray(y).reshape(-1)))
