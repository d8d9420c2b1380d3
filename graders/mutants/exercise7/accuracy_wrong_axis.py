"""accuracy takes the argmax over axis 0 (per class) instead of over each example's classes."""
import numpy as np

BREAKS = "accuracy"


def accuracy(logits, y):
    return float(np.mean(np.argmax(logits, axis=0) == np.asarray(y).reshape(-1)))
