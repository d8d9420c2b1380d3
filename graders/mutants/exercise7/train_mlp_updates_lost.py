"""train_mlp rebinds a loop variable to the Adam step: the params it returns never change."""
import numpy as np

from reference.numpy.layers import mlp_loss_and_grads
from reference.numpy.optimizers import adam, minibatches
from reference.numpy.training import init_params

BREAKS = "train_mlp"


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    params = init_params((X.shape[1], *hidden, int(y.max()) + 1), rng)
    state = {key: {"learning_rate": lr} for key in params}
    for _ in range(epochs):
        for Xb, yb in minibatches(X, y, batch_size, rng):
            _, grads = mlp_loss_and_grads(Xb, yb, params)
            for key, w in params.items():
                w, state[key] = adam(w, grads[key], state[key])  # noqa: PLW2901 - the mistake
    return params
