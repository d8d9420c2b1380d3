"""train_mlp starts from all-zero weights: no symmetry breaking, ReLU units never learn."""
import numpy as np

from reference.numpy.layers import mlp_loss_and_grads
from reference.numpy.optimizers import adam, minibatches

BREAKS = "train_mlp"


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    sizes = (X.shape[1], *hidden, int(y.max()) + 1)
    params = {}
    for layer in range(1, len(sizes)):
        params[f"W{layer}"] = np.zeros((sizes[layer - 1], sizes[layer]))
        params[f"b{layer}"] = np.zeros(sizes[layer])
    state = {key: {"learning_rate": lr} for key in params}
    for _ in range(epochs):
        for Xb, yb in minibatches(X, y, batch_size, rng):
            _, grads = mlp_loss_and_grads(Xb, yb, params)
            for key in params:
                params[key], state[key] = adam(params[key], grads[key], state[key])
    return params
