"""mlp_forward with no ReLU at all: a stack of linear layers."""
import numpy as np

BREAKS = "mlp_forward"


def mlp_forward(X, params):
    a = np.asarray(X, dtype=float)
    for layer in range(1, len(params) // 2 + 1):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
    return a
