"""sgd_momentum in the moving-average form v = mu v + (1 - mu) dw; w -= lr v (Coursera DLS)."""
import numpy as np

BREAKS = "sgd_momentum"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    v = mu * config.get("velocity", 0.0) + (1 - mu) * np.asarray(dw, dtype=float)
    config["velocity"] = v
    return np.asarray(w, dtype=float) - lr * v, config
