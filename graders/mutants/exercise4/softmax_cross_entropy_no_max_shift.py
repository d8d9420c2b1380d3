"""softmax-CE without the max-shift: exp overflows on large logits."""
import numpy as np

BREAKS = "softmax_cross_entropy"


def softmax_cross_entropy(logits, y):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(y).astype(int)
    m = z.shape[0]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(m), y]).mean()
    d = p.copy()
    d[np.arange(m), y] -= 1.0
    return float(loss), d / m
