"""nesterov with learning_rate defaulting to 1e-3 instead of SGD's 0.01."""
import numpy as np

BREAKS = "nesterov"


def nesterov(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 1e-3), config.get("momentum", 0.9)
    dw = np.asarray(dw, dtype=float)
    v = mu * config.get("velocity", 0.0) - lr * dw
    config["velocity"] = v
    return np.asarray(w, dtype=float) + mu * v - lr * dw, config
