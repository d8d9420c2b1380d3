"""nesterov looks ahead with the old velocity: w += mu * v_prev - lr * dw."""
import numpy as np

BREAKS = "nesterov"


def nesterov(w, dw, config=None):
    config = dict(config or {})
    lr, mu = config.get("learning_rate", 0.01), config.get("momentum", 0.9)
    dw = np.asarray(dw, dtype=float)
    v_prev = config.get("velocity", np.zeros_like(dw))
    config["velocity"] = mu * v_prev - lr * dw
    return np.asarray(w, dtype=float) + mu * v_prev - lr * dw, config
