"""sgd_momentum steps with the old velocity (w += v before updating v)."""
import numpy as np

BREAKS = "sgd_momentum"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(np.asarray(w, dtype=float)))
    next_w = np.asarray(w, dtype=float) + v
    config["velocity"] = mu * v - lr * np.asarray(dw, dtype=float)
    return next_w, config
