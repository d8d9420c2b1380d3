"""sgd_momentum stores the velocity in the caller's config dict (config['velocity'] = v)."""
import numpy as np

BREAKS = "sgd_momentum"


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    v = mu * config.get("velocity", 0.0) - lr * np.asarray(dw, dtype=float)
    config["velocity"] = v
    return np.asarray(w, dtype=float) + v, config
