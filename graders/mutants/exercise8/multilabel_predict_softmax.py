"""multilabel_predict thresholds softmax probabilities: the labels compete instead of being independent."""
import numpy as np

BREAKS = "multilabel"


def multilabel_predict(logits, threshold=0.5):
    z = np.asarray(logits, dtype=float)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return (p >= threshold).astype(int)
