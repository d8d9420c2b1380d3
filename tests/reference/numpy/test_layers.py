"""reference/numpy/layers.py: known values, finite differences, purity and the course conventions."""

import numpy as np
import pytest

from reference.numpy import layers
from reference.numpy.losses import sparse_categorical_cross_entropy
from tests.conftest import numeric_grad


@pytest.fixture
def rng():
    return np.random.default_rng(4)


def test_dense_forward_by_hand():
    x = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]])
    W = np.array([[1.0, 0.0, 2.0], [0.5, -1.0, 1.0]])  # (n_in, n_out), Keras layout
    b = np.array([0.1, 0.2, 0.3])
    out, _ = layers.dense_forward(x, W, b)
    assert np.allclose(out, [[2.1, -1.8, 4.3], [5.1, -3.8, 10.3], [-0.4, 1.2, -0.7]])


def test_dense_backward_matches_finite_differences(rng):
    x, W, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    dout = rng.normal(size=(5, 3))
    _, cache = layers.dense_forward(x, W, b)
    dx, dW, db = layers.dense_backward(dout, cache)
    assert dx.shape == x.shape and dW.shape == W.shape and db.shape == b.shape
    assert np.allclose(dx, numeric_grad(lambda v: np.sum(layers.dense_forward(v, W, b)[0] * dout), x), atol=1e-7)
    assert np.allclose(dW, numeric_grad(lambda v: np.sum(layers.dense_forward(x, v, b)[0] * dout), W), atol=1e-7)
    assert np.allclose(db, numeric_grad(lambda v: np.sum(layers.dense_forward(x, W, v)[0] * dout), b), atol=1e-7)
    assert np.allclose(db, dout.sum(axis=0))  # summed over the batch, no 1/m


def test_relu_backward_passes_gradient_only_where_x_is_positive():
    x = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.0]])
    out, cache = layers.relu_forward(x)
    assert np.array_equal(out, [[0, 0, 2], [3, 0, 0]])
    dx = layers.relu_backward(np.array([[5.0, 5.0, -5.0], [-1.0, 1.0, 1.0]]), cache)
    assert np.array_equal(dx, [[0, 0, -5], [-1, 0, 0]])  # 0 at the kink, negative dout still flows


def test_sigmoid_backward_is_quarter_at_zero_and_matches_finite_differences(rng):
    _, cache = layers.sigmoid_forward(np.zeros(3))
    assert np.allclose(layers.sigmoid_backward(np.ones(3), cache), 0.25)
    x, dout = rng.normal(0, 2, size=(4, 3)), rng.normal(size=(4, 3))
    _, cache = layers.sigmoid_forward(x)
    num = numeric_grad(lambda v: np.sum(layers.sigmoid_forward(v)[0] * dout), x)
    assert np.allclose(layers.sigmoid_backward(dout, cache), num, atol=1e-8)
    out, _ = layers.sigmoid_forward(np.array([-1000.0, 1000.0]))
    assert np.array_equal(out, [0.0, 1.0])


def test_softmax_cross_entropy_values_and_gradient(rng):
    loss, d = layers.softmax_cross_entropy(np.zeros((4, 5)), np.array([0, 1, 2, 4]))
    assert np.isclose(loss, np.log(5))  # uniform logits: log K
    assert np.allclose(d[0], (np.full(5, 0.2) - np.eye(5)[0]) / 4)
    z, y = rng.normal(0, 3, size=(6, 4)), rng.integers(0, 4, size=6)
    loss, d = layers.softmax_cross_entropy(z, y)
    assert np.isclose(loss, sparse_categorical_cross_entropy(y, z))
    assert np.allclose(d, numeric_grad(lambda v: layers.softmax_cross_entropy(v, y)[0], z), atol=1e-8)
    assert np.allclose(d.sum(axis=1), 0.0)  # softmax minus one-hot: each row sums to 0
    loss, d = layers.softmax_cross_entropy(np.array([[1000.0, 0.0, -1000.0]]), np.array([2]))
    assert np.isclose(loss, 2000.0) and np.all(np.isfinite(d))


@pytest.mark.parametrize("shape", [(7,), (7, 1)])
def test_bce_with_logits_gradient_and_shapes(rng, shape):
    z, y = rng.normal(0, 2, size=shape), rng.integers(0, 2, size=shape).astype(float)
    loss, dz = layers.bce_with_logits(z, y)
    assert dz.shape == z.shape
    p = 1 / (1 + np.exp(-z))
    assert np.isclose(loss, -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert np.allclose(dz, (p - y) / z.size)
    assert np.allclose(dz, numeric_grad(lambda v: layers.bce_with_logits(v, y)[0], z), atol=1e-8)
    loss, _ = layers.bce_with_logits(np.array([0.0, 0.0]), np.array([1.0, 0.0]))
    assert np.isclose(loss, np.log(2))
    loss, _ = layers.bce_with_logits(np.array([1000.0, -1000.0]), np.array([0.0, 1.0]))
    assert np.isclose(loss, 1000.0)


def _params(rng, sizes):
    return {k: v for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1)
            for k, v in ((f"W{i}", rng.normal(0, 0.8, size=(a, b))), (f"b{i}", rng.normal(0, 0.3, size=b)))}


def test_mlp_forward_is_relu_hidden_linear_output(rng):
    X, params = rng.normal(size=(4, 3)), _params(rng, (3, 5, 2))
    h = np.maximum(0, X @ params["W1"] + params["b1"])
    assert np.allclose(layers.mlp_forward(X, params), h @ params["W2"] + params["b2"])
    one = {"W1": params["W1"], "b1": params["b1"]}
    assert np.allclose(layers.mlp_forward(X, one), X @ params["W1"] + params["b1"])  # no ReLU on the logits


def test_mlp_loss_and_grads_matches_finite_differences(rng):
    X, y, params = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6), _params(rng, (4, 5, 4, 3))
    loss, grads = layers.mlp_loss_and_grads(X, y, params)
    assert list(grads) == list(params)
    assert np.isclose(loss, sparse_categorical_cross_entropy(y, layers.mlp_forward(X, params)))
    for key, value in params.items():
        def f(v, key=key):
            return layers.mlp_loss_and_grads(X, y, {**params, key: v})[0]

        assert grads[key].shape == value.shape
        assert np.allclose(grads[key], numeric_grad(f, value), atol=1e-6), key


def test_gradient_check_tells_right_from_wrong(rng):
    x = rng.normal(size=(3, 4))

    def f(v):
        return float(np.sum(v**2))

    assert layers.gradient_check(f, x, 2 * x) < 1e-7
    assert np.isclose(layers.gradient_check(f, x, x), 1 / 3)  # factor 2 missing
    wrong = 2 * x
    wrong[1, 2] *= 1.01
    assert np.isclose(layers.gradient_check(f, x, wrong), 0.01 / 2.01, rtol=1e-5)
    x[0, 0] = 0.0  # both gradients exactly 0 there: the 1e-8 floor keeps it finite
    assert layers.gradient_check(f, x, 2 * x) < 1e-7


def test_functions_are_pure_and_return_float64(rng):
    x, W, b = rng.normal(size=(3, 2)), rng.normal(size=(2, 2)), rng.normal(size=2)
    dout = rng.normal(size=(3, 2))
    copies = [a.copy() for a in (x, W, b, dout)]
    out, cache = layers.dense_forward(x, W, b)
    grads = layers.dense_backward(dout, cache)
    _, rc = layers.relu_forward(x)
    layers.relu_backward(dout, rc)
    layers.gradient_check(lambda v: float(np.sum(v**2)), x, 2 * x)
    for a, c in zip((x, W, b, dout), copies, strict=True):
        assert np.array_equal(a, c)
    assert out.dtype == np.float64 and all(g.dtype == np.float64 for g in grads)
