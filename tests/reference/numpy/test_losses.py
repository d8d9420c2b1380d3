"""The NumPy softmax and losses against Keras / TensorFlow, the outside oracle."""

import numpy as np
import pytest

from reference.numpy import losses as L

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

rng = np.random.default_rng(7)
Z = rng.normal(0, 4, size=(6, 5))
Y = rng.integers(0, 5, size=6)
ONEHOT = np.eye(5)[Y]


def k(loss, *args):
    return float(loss(*[tf.constant(np.asarray(a)) for a in args]).numpy())


def test_softmax_matches_tf_and_is_stable():
    np.testing.assert_allclose(L.softmax(Z), tf.nn.softmax(Z).numpy(), rtol=1e-12)
    huge = np.array([[1000.0, 999.0, -1000.0]])
    out = L.softmax(huge)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out, tf.nn.softmax(huge).numpy(), rtol=1e-12)
    np.testing.assert_allclose(L.softmax(Z[0]), L.softmax(Z[:1])[0])  # 1-D is one example


def test_log_softmax_matches_tf_without_underflow():
    z = np.array([[1000.0, 0.0, -1000.0]])
    np.testing.assert_allclose(L.log_softmax(z), tf.nn.log_softmax(z).numpy(), rtol=1e-12)
    assert L.log_softmax(z)[0, 2] == pytest.approx(-2000.0)


def test_categorical_cross_entropy_matches_keras():
    p = L.softmax(Z)
    expected = k(keras.losses.CategoricalCrossentropy(dtype="float64"), ONEHOT, p)
    assert L.categorical_cross_entropy(ONEHOT, p) == pytest.approx(expected, rel=1e-12)
    p0 = np.array([[0.0, 0.3, 0.7]])
    assert L.categorical_cross_entropy(np.array([[1.0, 0, 0]]), p0) == pytest.approx(
        k(keras.losses.CategoricalCrossentropy(dtype="float64"), np.array([[1.0, 0, 0]]), p0), rel=1e-9)


def test_sparse_categorical_cross_entropy_from_logits_matches_keras():
    expected = k(keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64"), Y, Z)
    assert L.sparse_categorical_cross_entropy(Y, Z) == pytest.approx(expected, rel=1e-12)
    assert L.sparse_categorical_cross_entropy(Y.reshape(-1, 1), Z) == pytest.approx(expected, rel=1e-12)


def test_sparse_from_logits_equals_one_hot_from_probabilities():
    assert L.sparse_categorical_cross_entropy(Y, Z) == pytest.approx(
        L.categorical_cross_entropy(ONEHOT, L.softmax(Z)), rel=1e-6)


@pytest.mark.parametrize("p", [np.array([0.2, 0.9, 0.5, 0.01]), np.array([0.0, 1.0, 1.0, 0.0])])
def test_binary_cross_entropy_matches_keras_including_clipping(p):
    y = np.array([1.0, 0.0, 1.0, 0.0])
    expected = k(keras.losses.BinaryCrossentropy(dtype="float64"), y[:, None], p[:, None])
    assert L.binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-9)


def test_binary_cross_entropy_from_logits_matches_tf_for_huge_logits():
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0, 0.3])
    expected = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z)).numpy()
    assert L.binary_cross_entropy_from_logits(y, z) == pytest.approx(float(expected), rel=1e-12)
    assert L.binary_cross_entropy_from_logits(np.array([0.0]), np.array([40.0])) == pytest.approx(40.0)


def test_regression_losses_match_keras():
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    assert L.mse(a, b) == pytest.approx(k(keras.losses.MeanSquaredError(dtype="float64"), a.reshape(-1, 1), b.reshape(-1, 1)))
    assert L.mae(a, b) == pytest.approx(k(keras.losses.MeanAbsoluteError(dtype="float64"), a.reshape(-1, 1), b.reshape(-1, 1)))


def test_losses_do_not_modify_their_inputs():
    z = Z.copy()
    L.softmax(z)
    L.log_softmax(z)
    L.sparse_categorical_cross_entropy(Y, z)
    np.testing.assert_array_equal(z, Z)
