"""nesterov fills the caller's config with setdefault (CS231n style) instead of copying it."""
import numpy as np

BREAKS = "nesterov"


def nesterov(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 0.01)
    config.setdefault("momentum", 0.9)
    dw = np.asarray(dw, dtype=float)
    v = config["momentum"] * config.get("velocity", 0.0) - config["learning_rate"] * dw
    config["velocity"] = v
    return np.asarray(w, dtype=float) + config["momentum"] * v - config["learning_rate"] * dw, config
