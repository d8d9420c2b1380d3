"""accuracy thresholds sigmoid-style at 0.5 (as for binary outputs) and compares the first column."""
import numpy as np

BREAKS = "accuracy"


def accuracy(logits, y):
    logits = np.asarray(logits, dtype=float)
    predictions = np.where(logits.max(axis=1) >= 0.5, np.argmax(logits, axis=1), 0)
    return float(np.mean(predictions == np.asarray(y).reshape(-1)))
