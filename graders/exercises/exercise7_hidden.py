"""exercise7: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise7.py``; helpers that compute a graded quantity live here too.
"""

import math

from graders.exercises.exercise7 import (
    ARGMAX,
    CEIL,
    FLOAT32,
    GRADS_TOL,
    LOAD,
    SAME_PERM,
    SIZES,
    TAPE,
    TRAIN,
    _grads_case,
    _held_out,
    _load_case,
    _logits_case,
    _split_case,
    _split_property,
    _split_rng_case,
    _train_case,
)
from graders.spec import Property, Test, call


def glorot_params(rng, sizes, bias_scale=0.1):
    """Glorot-uniform kernels and normal biases, in the order W1, b1, W2, ... (Keras's weight order)."""
    params = {}
    for layer in range(1, len(sizes)):
        n_in, n_out = sizes[layer - 1], sizes[layer]
        limit = math.sqrt(6.0 / (n_in + n_out))
        params[f"W{layer}"] = rng.uniform(-limit, limit, size=(n_in, n_out))
        params[f"b{layer}"] = rng.normal(0.0, bias_scale, size=n_out)
    return params


def digits_split(data, rng, test_fraction=0.2):
    """(X_train, X_test, y_train, y_test) of ``data`` = (X, y): one permutation, ceil(fraction * m) held out."""
    X, y = data
    order = rng.permutation(len(X))
    n_test = math.ceil(test_fraction * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _random_sizes(rng):
    """(hidden, n_classes, n_features) of a random small MLP: 1 to 3 hidden layers."""
    hidden = tuple(int(h) for h in rng.integers(3, 15, int(rng.integers(1, 4))))
    return hidden, int(rng.integers(2, 10)), int(rng.integers(2, 15))


def _random_accuracy(rng):
    m, k = int(rng.integers(3, 30)), int(rng.integers(2, 8))
    return call("accuracy", rng.normal(0, 2, (m, k)), rng.integers(0, k, m))


HIDDEN = {
    "train_test_split": [
        Test("random size and fraction",
             lambda rng: _split_case(rng, int(rng.integers(5, 80)), float(rng.choice([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]))),
             Property(_split_property), hint=CEIL + "; " + SAME_PERM, hidden=True),
        Test("same seed twice, other sizes", lambda rng: _split_rng_case(rng, int(rng.integers(30, 60)), 0.3),
             Property(_split_property), hint="use the rng argument", hidden=True),
    ],
    "accuracy": [
        Test("random batch", _random_accuracy, hint=ARGMAX, hidden=True),
    ],
    "train_mlp": [
        Test("other split and seed", _train_case, Property(_held_out), hint=TRAIN, hidden=True),
        Test("two hidden layers of other widths",
             lambda rng: _train_case(rng, (int(rng.integers(20, 40)), int(rng.integers(12, 20)))),
             Property(_held_out), hint=TRAIN, hidden=True),
    ],
    "build_keras_model": [
        Test("random sizes", lambda rng: _logits_case(rng, *_random_sizes(rng)), FLOAT32, hint=SIZES, hidden=True),
    ],
    "load_numpy_params": [
        Test("random sizes", lambda rng: _load_case(rng, *_random_sizes(rng)), hint=LOAD, hidden=True),
    ],
    "tf_loss_and_grads": [
        Test("random sizes", lambda rng: _grads_case(rng, *_random_sizes(rng), m=int(rng.integers(1, 20))), GRADS_TOL,
             hint=TAPE, hidden=True),
    ],
}
