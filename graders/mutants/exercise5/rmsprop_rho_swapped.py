"""rmsprop weights the old average by (1 - rho) and the new square by rho."""
import numpy as np

BREAKS = "rmsprop"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    rho = config.get("rho", 0.9)
    dw = np.asarray(dw, dtype=float)
    s = (1 - rho) * config.get("s", 0.0) + rho * dw**2
    config["s"] = s
    lr = config.get("learning_rate", 0.001)
    return np.asarray(w, dtype=float) - lr * dw / np.sqrt(s + config.get("epsilon", 1e-7)), config
