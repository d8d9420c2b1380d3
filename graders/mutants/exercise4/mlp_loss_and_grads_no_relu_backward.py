"""mlp_loss_and_grads forgetting to backpropagate through the ReLUs (no mask)."""
import numpy as np

BREAKS = "mlp_loss_and_grads"


def mlp_loss_and_grads(X, y, params):
    a = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(int)
    m, L = a.shape[0], len(params) // 2
    inputs, zs = [], []
    for layer in range(1, L + 1):
        inputs.append(a)
        z = a @ params[f"W{layer}"] + params[f"b{layer}"]
        zs.append(z)
        a = np.maximum(0.0, z) if layer < L else z
    shifted = a - a.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(m), y].mean()
    dz = np.exp(log_p)
    dz[np.arange(m), y] -= 1.0
    dz /= m
    grads = {}
    for layer in range(L, 0, -1):
        grads[f"W{layer}"] = inputs[layer - 1].T @ dz
        grads[f"b{layer}"] = dz.sum(axis=0)
        if layer > 1:
            dz = dz @ params[f"W{layer}"].T
    return float(loss), grads
