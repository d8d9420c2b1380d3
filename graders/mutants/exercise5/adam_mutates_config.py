"""adam uses config.setdefault on the caller's dict, as CS231n's optim.py does."""
import numpy as np

BREAKS = "adam"


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 0.001)
    config.setdefault("beta_1", 0.9)
    config.setdefault("beta_2", 0.999)
    config.setdefault("epsilon", 1e-7)
    config.setdefault("t", 0)
    b1, b2 = config["beta_1"], config["beta_2"]
    dw = np.asarray(dw, dtype=float)
    config["t"] += 1
    t = config["t"]
    config["m"] = b1 * config.get("m", 0.0) + (1 - b1) * dw
    config["v"] = b2 * config.get("v", 0.0) + (1 - b2) * dw**2
    alpha = config["learning_rate"] * np.sqrt(1 - b2**t) / (1 - b1**t)
    return np.asarray(w, dtype=float) - alpha * config["m"] / (np.sqrt(config["v"]) + config["epsilon"]), config
