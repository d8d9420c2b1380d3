"""Depth needs non-linearity, initialization statistics, and vanishing gradients (NumPy reference).

The gradients are checked against the tests' own finite differences; Keras is the oracle in
tests/reference/tf/test_initialization.py."""

import numpy as np
import pytest

from reference.numpy import initialization as I
from tests.conftest import numeric_grad


def test_two_linear_layers_are_one_for_non_square_layers():
    rng = np.random.default_rng(0)
    W1, b1, W2, b2 = rng.normal(size=(4, 7)), rng.normal(size=7), rng.normal(size=(7, 3)), rng.normal(size=3)
    W, b = I.linear_collapse(W1, b1, W2, b2)
    x = rng.normal(size=(5, 4))
    assert W.shape == (4, 3) and b.shape == (3,)
    np.testing.assert_allclose(x @ W + b, (x @ W1 + b1) @ W2 + b2, rtol=1e-12)
    assert not np.allclose(b, b2)  # the first bias matters


@pytest.mark.parametrize("scheme", ["zeros", "normal", "glorot_uniform", "he_normal"])
def test_init_shapes_and_zero_biases(scheme):
    params = I.init_params((5, 4, 3), scheme, np.random.default_rng(1))
    assert sorted(params) == ["W1", "W2", "b1", "b2"]
    assert params["W1"].shape == (5, 4) and params["W2"].shape == (4, 3)
    assert not params["b1"].any() and not params["b2"].any()


@pytest.mark.parametrize("scheme, fan_in, fan_out, std", [
    ("normal", 300, 200, 0.01),
    ("glorot_uniform", 300, 200, np.sqrt(2 / 500)),
    ("he_normal", 300, 200, np.sqrt(2 / 300)),
])
def test_init_spread_matches_the_scheme(scheme, fan_in, fan_out, std):
    W = I.init_params((fan_in, fan_out), scheme, np.random.default_rng(2))["W1"]
    assert abs(W.mean()) < 0.01 * std * 10
    assert W.std() == pytest.approx(std, rel=0.02)


def test_glorot_uniform_stays_inside_its_limit_and_he_draws_differ_per_rng():
    W = I.init_params((300, 100), "glorot_uniform", np.random.default_rng(3))["W1"]
    limit = np.sqrt(6 / 400)
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    a = I.init_params((10, 10), "he_normal", np.random.default_rng(4))["W1"]
    b = I.init_params((10, 10), "he_normal", np.random.default_rng(5))["W1"]
    assert not np.allclose(a, b)
    with pytest.raises(ValueError):
        I.init_params((3, 2), "uniform", np.random.default_rng(0))


def _loss(params, X, y, activation):
    g = (lambda z: 1 / (1 + np.exp(-z))) if activation == "sigmoid" else (lambda z: np.maximum(z, 0))
    a, L = X, len(params) // 2
    for layer in range(1, L + 1):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < L:
            a = g(a)
    a = a - a.max(1, keepdims=True)
    return float(np.mean(np.log(np.exp(a).sum(1)) - a[np.arange(len(y)), y]))


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_gradient_norms_equal_finite_difference_gradients(activation):
    rng = np.random.default_rng(6)
    params = {k: v + (0.1 * rng.normal(size=v.shape) if k[0] == "b" else 0)
              for k, v in I.init_params((4, 5, 6, 3), "glorot_uniform", rng).items()}
    X, y = rng.normal(size=(7, 4)), rng.integers(0, 3, 7)
    norms = I.gradient_norms(params, X, y, activation)
    for layer in (1, 2, 3):
        def f(W, layer=layer):
            return _loss({**params, f"W{layer}": W}, X, y, activation)
        expected = np.linalg.norm(numeric_grad(f, params[f"W{layer}"]))
        assert norms[layer - 1] == pytest.approx(expected, rel=1e-6)


def test_deep_sigmoid_gradients_vanish_and_relu_gradients_do_not():
    rng = np.random.default_rng(7)
    sizes = (20,) + (20,) * 8 + (5,)
    X, y = rng.normal(size=(64, 20)), rng.integers(0, 5, 64)
    sigmoid = I.gradient_norms(I.init_params(sizes, "glorot_uniform", rng), X, y, "sigmoid")
    relu = I.gradient_norms(I.init_params(sizes, "he_normal", rng), X, y, "relu")
    assert sigmoid[0] < 1e-3 * sigmoid[-1]
    assert relu[0] > 0.1 * relu[-1]


def test_gradient_norms_do_not_modify_params():
    rng = np.random.default_rng(8)
    params = I.init_params((3, 4, 2), "he_normal", rng)
    before = {k: v.copy() for k, v in params.items()}
    I.gradient_norms(params, rng.normal(size=(5, 3)), rng.integers(0, 2, 5), "relu")
    assert all(np.array_equal(before[k], params[k]) for k in params)
