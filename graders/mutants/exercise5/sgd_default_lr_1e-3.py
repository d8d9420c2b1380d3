"""sgd with the default learning rate 1e-3 (Adam's) instead of SGD's 0.01."""
import numpy as np

BREAKS = "sgd"


def sgd(w, dw, config=None):
    config = dict(config or {})
    lr = config.get("learning_rate", 1e-3)
    return np.asarray(w, dtype=float) - lr * np.asarray(dw, dtype=float), config
