"""rmsprop adds epsilon outside the square root (PyTorch/CS231n): sqrt(s) + eps."""
import numpy as np

BREAKS = "rmsprop"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    rho = config.get("rho", 0.9)
    dw = np.asarray(dw, dtype=float)
    s = rho * config.get("s", 0.0) + (1 - rho) * dw**2
    config["s"] = s
    lr = config.get("learning_rate", 0.001)
    return np.asarray(w, dtype=float) - lr * dw / (np.sqrt(s) + config.get("epsilon", 1e-7)), config
