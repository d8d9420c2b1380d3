"""Training and evaluation: split the data, measure accuracy, train an MLP with Adam.

The course notes' three training steps, by hand:

    1. define the model        logits = mlp_forward(X, params)        (ReLU, ReLU, linear)
    2. specify loss and cost   J = mean softmax cross-entropy         (from logits, integer labels)
    3. minimise J              mini-batches, backpropagation, Adam

and the evaluation step: hold out a test set the model never trains on and report the
fraction of it classified correctly.

Conventions: examples are rows (X is (m, n)); labels are integer class ids (m,); params are
{"W1", "b1", ..., "WL", "bL"} with W_l of shape (n_{l-1}, n_l), exactly a Keras Dense kernel;
anything random takes an explicit ``numpy.random.Generator``.
"""

import math

import numpy as np

from reference.numpy.layers import mlp_loss_and_grads
from reference.numpy.optimizers import adam, minibatches


def train_test_split(X, y, test_fraction, rng):
    """Shuffle the examples with ``rng`` and hold out ceil(test_fraction * m) of them as the test set.

    X and y are shuffled together (every example keeps its label); the inputs are not modified.
    The notes' example: 10 examples with test_fraction 0.3 give 7 for training and 3 for the test.
    X: (m, n).  y: (m,).  test_fraction: in (0, 1).  rng: numpy.random.Generator.
    Returns: (X_train, X_test, y_train, y_test).

    How:
    Shuffle the examples and hold out a test set.

        n_test = ceil(test_fraction * m)        (at least the fraction asked for)
        p = rng.permutation(m);  test = p[:n_test];  train = p[n_test:]

    The notes' example: 10 houses with test_fraction 0.3 give 7 for training and 3 for the
    test. X and y are indexed with the same permutation, so every example keeps its label;
    the inputs are not modified.

    X: (m, n).  y: (m,).  test_fraction: in (0, 1).  rng: numpy.random.Generator.
    Returns: (X_train, X_test, y_train, y_test).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    m = X.shape[0]
    n_test = math.ceil(test_fraction * m)
    order = rng.permutation(m)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def accuracy(logits, y):
    """The fraction of examples whose highest-scoring class is the true one.

    logits: (m, K), logits first (like exercise4's layer API).  y: (m,) integer labels ((m, 1) is
    accepted too).  Returns: float in [0, 1] (a fraction, not a count).
    Tested: square logits (rows are examples), all-negative logits, labels of shape (m, 1).

    How:
    The fraction of examples whose highest-scoring class is the true one.

        accuracy = mean_i [ argmax_j logits_ij == y_i ]

    Softmax is monotonic, so the argmax of the logits is the argmax of the probabilities:
    no softmax is needed to predict.

    logits: (m, K).  y: (m,) integer labels ((m, 1) is accepted too).  Returns: float in [0, 1].
    """
    predictions = np.argmax(np.asarray(logits, dtype=float), axis=-1)
    return float(np.mean(predictions == np.asarray(y).reshape(-1)))


def init_params(sizes, rng):
    """Glorot-uniform weights and zero biases, Keras's Dense defaults.

        W_l ~ U(-r, r) with r = sqrt(6 / (n_{l-1} + n_l)),   b_l = 0

    Random weights break the symmetry: with all-zero weights every hidden unit computes the
    same thing (and a ReLU net gets zero gradients), so nothing is learnt.

    sizes: (n_0, n_1, ..., n_L), input width first.  Returns: params.
    """
    params = {}
    for layer in range(1, len(sizes)):
        n_in, n_out = sizes[layer - 1], sizes[layer]
        limit = math.sqrt(6.0 / (n_in + n_out))
        params[f"W{layer}"] = rng.uniform(-limit, limit, size=(n_in, n_out))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    """Train an MLP classifier (ReLU hidden layers, linear output) with mini-batch Adam on (X, y).

    Use your own pieces: exercise4's mlp_loss_and_grads, exercise5's adam and minibatches (copy
    them into this file: the grader runs it on its own), with random initial weights (not zeros)
    from ``rng``.  On scikit-learn's 8x8 digits the defaults should reach 0.94-0.98 accuracy on
    held-out data in well under a second.
    X: (m, n).  y: (m,) integer labels (K = max(y) + 1 classes).  hidden: widths of the hidden
    layers.  epochs: passes over the data.  lr: Adam's learning_rate.  batch_size: examples per
    step.  rng: numpy.random.Generator (None: seed 0).
    Returns: params {"W1", "b1", ..., "WL", "bL"}.
    Tested: held-out accuracy >= 0.90, and layer sizes that follow ``hidden``.

    How:
    Train an MLP classifier (ReLU hidden layers, linear output) with mini-batch Adam.

        params = init_params((n, *hidden, K), rng)           K = max(y) + 1 classes
        for each epoch:
            for (Xb, yb) in minibatches(X, y, batch_size, rng):     a fresh shuffle per epoch
                loss, grads = mlp_loss_and_grads(Xb, yb, params)
                params[k], state[k] = adam(params[k], grads[k], state[k])   for every k

    One Adam state per parameter array, carried from step to step. init_params draws
    Glorot-uniform weights, W ~ U(-r, r) with r = sqrt(6 / (n_in + n_out)), and zero biases;
    mlp_loss_and_grads is exercise 4's, adam and minibatches are exercise 5's: copy your own
    versions into this file (the grader runs it on its own). On scikit-learn's 8x8
    digits (pixels scaled to [0, 1]) the defaults reach 0.94-0.98 accuracy on held-out data
    in well under a second.

    X: (m, n).  y: (m,) integer labels.  hidden: widths of the hidden layers.  epochs: passes
    over the data.  lr: Adam's learning_rate.  batch_size: examples per step.
    rng: numpy.random.Generator for the initial weights and the shuffles (None: seed 0).
    Returns: params {"W1", "b1", ..., "WL", "bL"}.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int).reshape(-1)
    sizes = (X.shape[1], *hidden, int(y.max()) + 1)
    params = init_params(sizes, rng)
    state = {key: {"learning_rate": lr} for key in params}
    for _ in range(epochs):
        for Xb, yb in minibatches(X, y, batch_size, rng):
            _, grads = mlp_loss_and_grads(Xb, yb, params)
            for key in params:
                params[key], state[key] = adam(params[key], grads[key], state[key])
    return params
