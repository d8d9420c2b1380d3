"""sgd fills in defaults with config.setdefault on the caller's dict (CS231n style)."""
import numpy as np

BREAKS = "sgd"


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 0.01)
    config["steps"] = config.get("steps", 0) + 1
    return np.asarray(w, dtype=float) - config["learning_rate"] * np.asarray(dw, dtype=float), config
