"""train_mlp draws weights from a standard normal (std 1, not scaled by fan-in) and trains with plain SGD."""
import numpy as np

from reference.numpy.layers import mlp_loss_and_grads
from reference.numpy.optimizers import minibatches

BREAKS = "train_mlp"


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    sizes = (X.shape[1], *hidden, int(y.max()) + 1)
    params = {}
    for layer in range(1, len(sizes)):
        params[f"W{layer}"] = rng.normal(size=(sizes[layer - 1], sizes[layer]))
        params[f"b{layer}"] = np.zeros(sizes[layer])
    for _ in range(epochs):
        for Xb, yb in minibatches(X, y, batch_size, rng):
            _, grads = mlp_loss_and_grads(Xb, yb, params)
            params = {key: params[key] - lr * grads[key] for key in params}
    return params
