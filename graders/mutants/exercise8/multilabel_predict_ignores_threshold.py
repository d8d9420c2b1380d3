"""multilabel_predict always thresholds at 0.5, whatever threshold it is given."""
import numpy as np

BREAKS = "multilabel"


def multilabel_predict(logits, threshold=0.5):
    return (np.asarray(logits, dtype=float) >= 0).astype(int)
