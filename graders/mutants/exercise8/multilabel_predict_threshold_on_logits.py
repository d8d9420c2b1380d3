"""multilabel_predict compares the logits, not the probabilities, with the threshold."""
import numpy as np

BREAKS = "multilabel"


def multilabel_predict(logits, threshold=0.5):
    return (np.asarray(logits, dtype=float) >= threshold).astype(int)
