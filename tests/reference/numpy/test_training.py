"""The NumPy training reference: splits, accuracy, initialisation and a digits MLP trained with Adam."""

import math

import numpy as np
import pytest

from reference.numpy.layers import mlp_forward, mlp_loss_and_grads
from reference.numpy.optimizers import adam
from reference.numpy.training import accuracy, init_params, train_mlp, train_test_split


def _data(m, n=3, seed=0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.arange(m, dtype=float), rng.normal(size=(m, n - 1))])
    return X, np.arange(m) * 10 + 7


@pytest.mark.parametrize(("m", "fraction", "n_test"), [(10, 0.3, 3), (10, 0.25, 3), (7, 0.3, 3), (50, 0.2, 10),
                                                       (1797, 0.2, 360), (5, 0.01, 1)])
def test_split_sizes_round_the_test_set_up(m, fraction, n_test):
    X, y = _data(m)
    X_train, X_test, y_train, y_test = train_test_split(X, y, fraction, np.random.default_rng(1))
    assert n_test == math.ceil(fraction * m)
    assert X_test.shape == (n_test, 3) and y_test.shape == (n_test,)
    assert X_train.shape == (m - n_test, 3) and y_train.shape == (m - n_test,)


def test_split_is_a_shuffled_partition_with_labels_kept():
    X, y = _data(40)
    X0, y0 = X.copy(), y.copy()
    X_train, X_test, y_train, y_test = train_test_split(X, y, 0.25, np.random.default_rng(3))
    ids = np.concatenate([X_train[:, 0], X_test[:, 0]]).astype(int)
    assert sorted(ids) == list(range(40))
    np.testing.assert_array_equal(X_train, X[X_train[:, 0].astype(int)])
    np.testing.assert_array_equal(y_test, y[X_test[:, 0].astype(int)])
    assert set(X_test[:, 0].astype(int)) != set(range(30, 40))  # shuffled, not the last rows
    np.testing.assert_array_equal(X, X0)  # inputs untouched
    np.testing.assert_array_equal(y, y0)


def test_split_follows_the_rng():
    X, y = _data(30)
    a = train_test_split(X, y, 0.2, np.random.default_rng(5))
    b = train_test_split(X, y, 0.2, np.random.default_rng(5))
    c = train_test_split(X, y, 0.2, np.random.default_rng(6))
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert not np.array_equal(a[1], c[1])


def test_accuracy_agrees_with_scikit_learn():
    from sklearn.metrics import accuracy_score

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(50, 7))
    y = rng.integers(0, 7, 50)
    assert accuracy(logits, y) == pytest.approx(accuracy_score(y, logits.argmax(axis=1)))
    assert accuracy(logits, y[:, None]) == accuracy(logits, y)  # (m, 1) labels
    assert accuracy(np.eye(3), np.array([0, 1, 0])) == pytest.approx(2 / 3)


def test_init_params_glorot_uniform_shapes_and_range():
    params = init_params((64, 25, 15, 10), np.random.default_rng(0))
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert params["W2"].shape == (25, 15) and params["b3"].shape == (10,)
    assert np.abs(params["W1"]).max() <= math.sqrt(6 / (64 + 25))
    assert params["W1"].std() == pytest.approx(math.sqrt(6 / (64 + 25)) / math.sqrt(3), rel=0.1)
    assert not any(params[f"b{i}"].any() for i in (1, 2, 3))


def test_one_full_batch_step_is_one_adam_step_per_parameter():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 4)), rng.integers(0, 3, 12)
    params = train_mlp(X, y, hidden=(5,), epochs=1, lr=0.05, batch_size=12, rng=np.random.default_rng(9))
    start = init_params((4, 5, 3), np.random.default_rng(9))
    _, grads = mlp_loss_and_grads(X, y, start)  # the order of a full batch does not change its mean gradient
    for key in start:
        expected, _ = adam(start[key], grads[key], {"learning_rate": 0.05})
        np.testing.assert_allclose(params[key], expected, rtol=1e-10, atol=1e-12)


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data / 16.0, data.target


def test_train_mlp_reaches_the_contract_accuracy_on_held_out_digits(digits):
    X, y = digits
    X_train, X_test, y_train, y_test = train_test_split(X, y, 0.2, np.random.default_rng(0))
    params = train_mlp(X_train, y_train, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32,
                       rng=np.random.default_rng(1))
    assert {k: v.shape for k, v in params.items()} == {"W1": (64, 25), "b1": (25,), "W2": (25, 15), "b2": (15,),
                                                      "W3": (15, 10), "b3": (10,)}
    assert accuracy(mlp_forward(X_test, params), y_test) >= 0.93
    again = train_mlp(X_train, y_train, rng=np.random.default_rng(1))
    assert all(np.array_equal(params[k], again[k]) for k in params)  # reproducible from the rng


def test_train_mlp_lowers_the_loss_and_follows_hidden(digits):
    X, y = digits
    before = mlp_loss_and_grads(X, y, init_params((64, 32, 10), np.random.default_rng(4)))[0]
    params = train_mlp(X, y, hidden=(32,), epochs=3, rng=np.random.default_rng(4))
    assert params["W1"].shape == (64, 32) and set(params) == {"W1", "b1", "W2", "b2"}
    assert mlp_loss_and_grads(X, y, params)[0] < 0.3 * before
