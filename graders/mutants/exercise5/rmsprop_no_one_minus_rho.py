"""rmsprop accumulates s = rho * s + dw**2, without the (1 - rho) weight."""
import numpy as np

BREAKS = "rmsprop"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    rho = config.get("rho", 0.9)
    dw = np.asarray(dw, dtype=float)
    s = rho * config.get("s", 0.0) + dw**2
    config["s"] = s
    lr = config.get("learning_rate", 0.001)
    return np.asarray(w, dtype=float) - lr * dw / np.sqrt(s + config.get("epsilon", 1e-7)), config
