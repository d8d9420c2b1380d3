"""sgd steps along the gradient (w + lr * dw): uphill."""
import numpy as np

BREAKS = "sgd"


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 0.01)
    return np.asarray(w, dtype=float) + config["learning_rate"] * np.asarray(dw, dtype=float), config
