"""multilabel_loss_and_grads uses softmax cross-entropy over each row, as if the labels were one class of K."""
import numpy as np

BREAKS = "multilabel"


def multilabel_loss_and_grads(logits, Y):
    z = np.asarray(logits, dtype=float)
    Y = np.asarray(Y, dtype=float)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = z.shape[0]
    return float(-np.sum(Y * log_p) / m), (np.exp(log_p) * Y.sum(axis=1, keepdims=True) - Y) / m
