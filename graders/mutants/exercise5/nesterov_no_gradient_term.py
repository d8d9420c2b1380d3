"""nesterov steps by momentum * v only, forgetting the - lr * dw term."""
import numpy as np

BREAKS = "nesterov"


def nesterov(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    v = mu * config.get("velocity", 0.0) - lr * np.asarray(dw, dtype=float)
    config["velocity"] = v
    return np.asarray(w, dtype=float) + mu * v, config
