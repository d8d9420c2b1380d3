"""adagrad starts the accumulator at 0 (CS231n) instead of Keras's 0.1."""
import numpy as np

BREAKS = "adagrad"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    dw = np.asarray(dw, dtype=float)
    G = config.get("cache", np.zeros_like(dw)) + dw**2
    config["cache"] = G
    lr = config.get("learning_rate", 0.001)
    return np.asarray(w, dtype=float) - lr * dw / np.sqrt(G + config.get("epsilon", 1e-7)), config
