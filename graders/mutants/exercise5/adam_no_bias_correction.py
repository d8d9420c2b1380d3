"""adam without bias correction: w -= lr * m / (sqrt(v) + eps)."""
import numpy as np

BREAKS = "adam"


def adam(w, dw, config=None):
    config = dict(config or {})
    lr, b1, b2 = config.get("learning_rate", 0.001), config.get("beta_1", 0.9), config.get("beta_2", 0.999)
    dw = np.asarray(dw, dtype=float)
    m = b1 * config.get("m", 0.0) + (1 - b1) * dw
    v = b2 * config.get("v", 0.0) + (1 - b2) * dw**2
    config.update(m=m, v=v)
    return np.asarray(w, dtype=float) - lr * m / (np.sqrt(v) + config.get("epsilon", 1e-7)), config
