"""The Keras-backed TF update rules agree with the NumPy reference, call by call, config fed back."""

import numpy as np
import pytest

from reference.numpy import optimizers as N

T = pytest.importorskip("reference.tf.optimizers")
keras = pytest.importorskip("keras")

CONFIGS = {
    "sgd": [None, {"learning_rate": 0.3}],
    "sgd_momentum": [None, {"learning_rate": 0.05, "momentum": 0.6}],
    "nesterov": [None, {"learning_rate": 0.05, "momentum": 0.6}],
    "adagrad": [None, {"learning_rate": 0.2, "initial_accumulator_value": 0.0, "epsilon": 1e-3}],
    "rmsprop": [None, {"learning_rate": 0.01, "rho": 0.5, "epsilon": 1e-4}],
    "adam": [None, {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.888, "epsilon": 1e-2}],
}


@pytest.mark.slow
@pytest.mark.parametrize("rule", sorted(CONFIGS))
def test_tf_rules_follow_numpy_step_by_step(rule):
    rng = np.random.default_rng(4)
    for config in CONFIGS[rule]:
        w_np = w_tf = rng.normal(size=(2, 3))
        c_np = c_tf = None if config is None else dict(config)
        for scale in (1.0, 1e-5, 1.0, 1e-3, 2.0):   # tiny gradients too: epsilon placement shows there
            g = rng.normal(scale=scale, size=(2, 3))
            w_np, c_np = getattr(N, rule)(w_np, g, c_np)
            w_tf, c_tf = getattr(T, rule)(w_tf, g, c_tf)
            assert isinstance(w_tf, np.ndarray) and w_tf.dtype == np.float64
            # Keras rounds momentum and betas through float32: 0.999 -> 0.99900001287 changes 1 - beta_2**t,
            # hence Adam's step, by ~6e-6 relative (~1e-8 absolute for steps of lr = 1e-3).
            np.testing.assert_allclose(w_tf, w_np, rtol=1e-6, atol=1e-7)
        if config is not None:
            assert config == CONFIGS[rule][1]  # the caller's dict is untouched


def test_tf_rules_leave_keras_floatx_alone():
    before = keras.config.floatx()
    T.adam(np.ones(2), np.ones(2))
    assert keras.config.floatx() == before


def test_tf_adam_reproduces_the_divergence_demo():
    w, config, path = np.ones(1), {"learning_rate": 0.1}, []
    for _ in range(3):
        w, config = T.adam(w, np.full(1, 1e-6), config)
        path.append(w[0])
    np.testing.assert_allclose(path, [0.97597, 0.94508, 0.90970], atol=5e-6)


def test_tf_minibatches_and_optimize_equal_numpy():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(11, 3)), rng.integers(0, 4, size=11)
    ours = N.minibatches(X, y, 4, np.random.default_rng(9))
    theirs = T.minibatches(X, y, 4, np.random.default_rng(9))
    assert len(ours) == len(theirs) == 3
    for (a, b), (c, d) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    path = T.optimize(lambda w: 2 * w, np.array([1.0, -1.0]), N.sgd, {"learning_rate": 0.25}, 3)
    np.testing.assert_allclose(path, N.optimize(lambda w: 2 * w, np.array([1.0, -1.0]), N.sgd, {"learning_rate": 0.25}, 3))
    assert path.shape == (4, 2)
