"""train_mlp slices X[:batch_size] in its batch loop: every step sees the same first 32 examples."""
import numpy as np

from reference.numpy.layers import mlp_loss_and_grads
from reference.numpy.optimizers import adam
from reference.numpy.training import init_params

BREAKS = "train_mlp"


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    params = init_params((X.shape[1], *hidden, int(y.max()) + 1), rng)
    state = {key: {"learning_rate": lr} for key in params}
    for _ in range(epochs):
        for _start in range(0, len(X), batch_size):
            _, grads = mlp_loss_and_grads(X[:batch_size], y[:batch_size], params)
            for key in params:
                params[key], state[key] = adam(params[key], grads[key], state[key])
    return params
