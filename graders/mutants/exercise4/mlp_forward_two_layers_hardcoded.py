"""mlp_forward hard-coding two layers (W1, W2) instead of looping over len(params) // 2."""
import numpy as np

BREAKS = "mlp_forward"


def mlp_forward(X, params):
    h = np.maximum(0.0, np.asarray(X, dtype=float) @ params["W1"] + params["b1"])
    return h @ params["W2"] + params["b2"]
