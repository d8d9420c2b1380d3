"""adagrad divides by the accumulator before adding this step's dw**2."""
import numpy as np

BREAKS = "adagrad"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    dw = np.asarray(dw, dtype=float)
    G = config.get("G", np.full_like(dw, config.get("initial_accumulator_value", 0.1)))
    step = config.get("learning_rate", 0.001) * dw / np.sqrt(G + config.get("epsilon", 1e-7))
    config["G"] = G + dw**2
    return np.asarray(w, dtype=float) - step, config
