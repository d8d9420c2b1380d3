"""multilabel_loss_and_grads takes log(sigmoid(z)) directly: log(0) = -inf for huge logits."""
import numpy as np

BREAKS = "multilabel"


def multilabel_loss_and_grads(logits, Y):
    z = np.asarray(logits, dtype=float)
    Y = np.asarray(Y, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))
        loss = np.mean(-Y * np.log(p) - (1 - Y) * np.log(1 - p))
    return float(loss), (p - Y) / z.size
