"""multilabel_loss_and_grads averages the loss but returns dlogits = sigmoid(z) - Y without the 1/(m K)."""
import numpy as np

BREAKS = "multilabel"


def multilabel_loss_and_grads(logits, Y):
    z = np.asarray(logits, dtype=float)
    Y = np.asarray(Y, dtype=float)
    loss = np.mean(np.maximum(z, 0) - z * Y + np.log1p(np.exp(-np.abs(z))))
    return float(loss), 0.5 * (1 + np.tanh(0.5 * z)) - Y
