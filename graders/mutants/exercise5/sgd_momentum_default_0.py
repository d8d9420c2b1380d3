"""sgd_momentum with Keras SGD's default momentum 0.0 instead of this course's 0.9."""
import numpy as np

BREAKS = "sgd_momentum"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.0)
    v = mu * config.get("velocity", 0.0) - lr * np.asarray(dw, dtype=float)
    config["velocity"] = v
    return np.asarray(w, dtype=float) + v, config
