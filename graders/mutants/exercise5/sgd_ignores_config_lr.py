"""sgd always uses 0.01 and ignores config['learning_rate']."""
import numpy as np

BREAKS = "sgd"


def sgd(w, dw, config=None):
    return np.asarray(w, dtype=float) - 0.01 * np.asarray(dw, dtype=float), config
