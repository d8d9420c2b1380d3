"""sgd_momentum keeps the velocity in a local variable: every call starts again from v = 0."""
import numpy as np

BREAKS = "sgd_momentum"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    v = np.zeros_like(np.asarray(w, dtype=float))
    v = mu * v - lr * np.asarray(dw, dtype=float)
    return np.asarray(w, dtype=float) + v, config
