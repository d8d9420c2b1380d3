"""adagrad hard-codes the 0.1 start and ignores config['initial_accumulator_value']."""
import numpy as np

BREAKS = "adagrad"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    dw = np.asarray(dw, dtype=float)
    G = config.get("G", np.full_like(dw, 0.1)) + dw**2
    config["G"] = G
    lr = config.get("learning_rate", 0.001)
    return np.asarray(w, dtype=float) - lr * dw / np.sqrt(G + config.get("epsilon", 1e-7)), config
