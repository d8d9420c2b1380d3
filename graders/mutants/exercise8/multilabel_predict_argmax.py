"""multilabel_predict picks one label per row (argmax), as for a single class out of K."""
import numpy as np

BREAKS = "multilabel"


def multilabel_predict(logits, threshold=0.5):
    z = np.asarray(logits, dtype=float)
    out = np.zeros(z.shape, dtype=int)
    out[np.arange(z.shape[0]), np.argmax(z, axis=1)] = 1
    return out
