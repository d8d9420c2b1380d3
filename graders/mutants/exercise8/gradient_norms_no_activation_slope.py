"""gradient_norms backpropagates as if the hidden layers were linear (no g'(z) factor)."""
import numpy as np

BREAKS = "gradient_norms"


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def gradient_norms(params, X, y, activation):
    L = len(params) // 2
    a, zs, acts = np.asarray(X, dtype=float), [], []
    for l in range(1, L + 1):
        acts.append(a)
        z = a @ params[f"W{l}"] + params[f"b{l}"]
        zs.append(z)
        a = (_sigmoid(z) if activation == "sigmoid" else np.maximum(z, 0.0)) if l < L else z
    y = np.asarray(y).reshape(-1).astype(int)
    m = len(y)
    p = np.exp(a - a.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(m), y] -= 1.0
    dz = p / m
    norms = []
    for l in range(L, 0, -1):
        norms.append(np.linalg.norm(acts[l - 1].T @ dz))
        if l > 1:
            z = zs[l - 2]
            slope = 1.0
            dz = (dz @ params[f"W{l}"].T) * slope
    return np.array(norms[::-1])
