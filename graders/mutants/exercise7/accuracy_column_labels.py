"""accuracy compares (m,) predictions with (m, 1) labels without flattening: an (m, m) table."""
import numpy as np

BREAKS = "accuracy"


def accuracy(logits, y):
    return float(np.mean(np.argmax(logits, axis=1) == np.asarray(y)))
