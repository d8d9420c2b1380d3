"""mlp_forward applying ReLU to the output layer too (the logits must be linear)."""
import numpy as np

BREAKS = "mlp_forward"


def mlp_forward(X, params):
    a = np.asarray(X, dtype=float)
    for layer in range(1, len(params) // 2 + 1):
        a = np.maximum(0.0, a @ params[f"W{layer}"] + params[f"b{layer}"])
    return a
