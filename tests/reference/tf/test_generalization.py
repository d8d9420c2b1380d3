"""Keras and TensorFlow are the outside oracle for exercise8's NumPy reference.

``keras.losses.BinaryCrossentropy(from_logits=True)`` on (m, K), Keras's ``GlorotUniform`` and
``HeNormal`` statistics and ``tf.GradientTape`` gradient norms are called directly here; the
``reference.tf`` modules are then checked against the NumPy reference, and
``keras_fit_predict`` against held-out accuracy.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from reference.numpy import initialization as I
from reference.numpy import multilabel as M
from reference.tf import initialization as TI
from reference.tf import model_selection as TS
from reference.tf import multilabel as TM

pytestmark = [pytest.mark.slow, pytest.mark.tf]  # importing TensorFlow alone takes several seconds


def test_multilabel_loss_and_gradient_equal_keras_binary_crossentropy_from_logits():
    rng = np.random.default_rng(0)
    z, Y = rng.normal(0, 3, (7, 5)), rng.integers(0, 2, (7, 5)).astype(float)
    zt = tf.Variable(z)
    with tf.GradientTape() as tape:
        keras_loss = keras.losses.BinaryCrossentropy(from_logits=True)(tf.constant(Y), zt)
    keras_grad = tape.gradient(keras_loss, zt).numpy()
    loss, dz = M.multilabel_loss_and_grads(z, Y)
    assert loss == pytest.approx(float(keras_loss), rel=1e-6)  # Keras reduces in float32
    np.testing.assert_allclose(dz, keras_grad, rtol=1e-5, atol=1e-9)
    tf_loss, tf_dz = TM.multilabel_loss_and_grads(z, Y)
    assert tf_loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(tf_dz, dz, rtol=1e-10, atol=1e-15)
    assert np.array_equal(TM.multilabel_predict(z, 0.3), M.multilabel_predict(z, 0.3))


@pytest.mark.parametrize("scheme, keras_init", [
    ("glorot_uniform", keras.initializers.GlorotUniform(seed=1)),
    ("he_normal", keras.initializers.HeNormal(seed=1)),
])
def test_init_statistics_equal_keras_initializers(scheme, keras_init):
    shape = (400, 150)
    ours = I.init_params(shape, scheme, np.random.default_rng(0))["W1"]
    theirs = np.asarray(keras_init(shape, dtype="float64"))
    assert ours.std() == pytest.approx(theirs.std(), rel=0.03)
    assert abs(ours.mean()) < 0.01 and abs(theirs.mean()) < 0.01
    if scheme == "glorot_uniform":
        assert np.abs(ours).max() == pytest.approx(np.abs(theirs).max(), rel=0.01)
    tf_params = TI.init_params(shape, scheme, np.random.default_rng(0))
    assert tf_params["W1"].std() == pytest.approx(ours.std(), rel=0.03) and not tf_params["b1"].any()


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_gradient_norms_equal_gradient_tape(activation):
    rng = np.random.default_rng(2)
    params = I.init_params((6, 8, 8, 8, 4), "glorot_uniform", rng)
    params = {k: v + (0.1 * rng.normal(size=v.shape) if k[0] == "b" else 0) for k, v in params.items()}
    X, y = rng.normal(size=(9, 6)), rng.integers(0, 4, 9)
    np.testing.assert_allclose(TI.gradient_norms(params, X, y, activation),
                               I.gradient_norms(params, X, y, activation), rtol=1e-10)


def test_linear_collapse_equals_the_tf_layers():
    rng = np.random.default_rng(3)
    args = rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=(5, 2)), rng.normal(size=2)
    for ours, theirs in zip(I.linear_collapse(*args), TI.linear_collapse(*args)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_keras_fit_predict_trains_on_the_training_set_and_returns_probabilities():
    rng = np.random.default_rng(4)
    centers = 2.0 * np.eye(3, 4)

    def data(m):
        X = centers[rng.integers(0, 3, m)] + rng.normal(0, 0.7, (m, 4))
        return X, np.argmin(((X[:, None] - centers[None]) ** 2).sum(-1), axis=1)

    (X_train, y_train), (X_test, y_test) = data(240), data(120)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3)])
    model.compile(optimizer=keras.optimizers.Adam(0.02),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    p = TS.keras_fit_predict(model, X_train, y_train, X_test, 5, 32)
    assert p.shape == (120, 3) and p.dtype == np.float64
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    assert np.mean(p.argmax(axis=1) == y_test) >= 0.85
