"""Keras is the outside oracle: the NumPy regularization reference against Keras 3 itself.

``keras.regularizers.L2``, ``keras.layers.Dropout``, ``keras.layers.BatchNormalization`` and
``keras.callbacks.EarlyStopping`` are called directly here (not through ``reference.tf``), so these
tests pin the conventions of the NumPy reference, and ``reference.tf`` is checked against it.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from reference.numpy import regularization as R
from reference.tf import regularization as T

# --------------------------------------------------------------------------- L2


def test_l2_penalty_equals_keras_l2_regularizer():
    rng = np.random.default_rng(0)
    kernels = [rng.normal(size=(5, 4)), rng.normal(size=(4, 3))]
    reg = keras.regularizers.L2(0.25)  # 0.25 is exact in float32, where Keras keeps l2
    keras_value = sum(float(reg(tf.constant(W)).numpy()) for W in kernels)
    assert R.l2_penalty(kernels, 0.25) == pytest.approx(keras_value, rel=1e-12)
    # a factor that is not exact in float32: Keras rounds l2 to float32 (relative 1e-8)
    assert R.l2_penalty(kernels, 0.01) == pytest.approx(float(keras.regularizers.L2(0.01)(tf.constant(kernels[0])))
                                                        + float(keras.regularizers.L2(0.01)(tf.constant(kernels[1]))),
                                                        rel=1e-7)


def test_l2_grad_equals_the_gradient_of_keras_l2():
    W = tf.Variable(np.random.default_rng(1).normal(size=(3, 4)))
    with tf.GradientTape() as tape:
        penalty = keras.regularizers.L2(0.5)(W)
    np.testing.assert_allclose(R.l2_grad(W.numpy(), 0.5), tape.gradient(penalty, W).numpy(), rtol=1e-12)


# --------------------------------------------------------------------------- dropout


@pytest.mark.parametrize("rate", [0.25, 0.6])
def test_dropout_scaling_equals_keras_dropout(rate):
    x = np.ones((200, 100), dtype=np.float32)
    keras_out = keras.layers.Dropout(rate, seed=3)(x, training=True).numpy()
    ours, mask = R.dropout_forward(x.astype(float), rate, True, np.random.default_rng(3))
    scale = 1.0 / (1.0 - rate)
    np.testing.assert_allclose(np.unique(keras_out), [0.0, scale], rtol=1e-6)  # Keras: values in {0, 1/(1-rate)}
    np.testing.assert_allclose(np.unique(ours), [0.0, scale], rtol=1e-15)
    assert abs(np.mean(keras_out == 0) - rate) < 0.015 and abs(np.mean(ours == 0) - rate) < 0.015  # rate = dropped
    # at inference both are the identity
    np.testing.assert_array_equal(keras.layers.Dropout(rate)(x, training=False).numpy(), x)
    np.testing.assert_array_equal(R.dropout_forward(x, rate, False, np.random.default_rng(0))[0], x)


# --------------------------------------------------------------------------- batch norm


def _keras_bn(d, gamma, beta, dtype, **kwargs):
    layer = keras.layers.BatchNormalization(dtype=dtype, **kwargs)
    layer.build((None, d))
    layer.gamma.assign(gamma.astype(dtype))
    layer.beta.assign(beta.astype(dtype))
    return layer


@pytest.mark.parametrize("dtype, rtol", [("float64", 1e-12), ("float32", 2e-5)])
def test_batchnorm_equals_keras_over_several_training_steps_then_inference(dtype, rtol):
    rng = np.random.default_rng(5)
    d = 4
    gamma, beta = rng.uniform(0.5, 2.0, d), rng.normal(size=d)
    layer = _keras_bn(d, gamma, beta, dtype)  # Keras defaults: momentum 0.99, epsilon 1e-3, moving 0 / 1
    running = {"mean": np.zeros(d), "var": np.ones(d)}  # what a fresh Keras layer starts from
    np.testing.assert_array_equal(layer.moving_mean.numpy(), running["mean"])
    np.testing.assert_array_equal(layer.moving_variance.numpy(), running["var"])
    for step in range(4):
        x = rng.normal(rng.normal(0, 3, d), rng.uniform(0.5, 3, d), size=(8, d))
        keras_out = layer(x.astype(dtype), training=True).numpy()
        out, _, running = R.batchnorm_forward(x, gamma, beta, running, True)
        np.testing.assert_allclose(out, keras_out, rtol=rtol, atol=rtol, err_msg=f"training step {step}")
        np.testing.assert_allclose(running["mean"], layer.moving_mean.numpy(), rtol=rtol, atol=rtol)
        np.testing.assert_allclose(running["var"], layer.moving_variance.numpy(), rtol=rtol, atol=rtol)
    x = rng.normal(size=(5, d))
    out, _, after = R.batchnorm_forward(x, gamma, beta, running, False)
    np.testing.assert_allclose(out, layer(x.astype(dtype), training=False).numpy(), rtol=rtol, atol=rtol)
    np.testing.assert_array_equal(after["mean"], running["mean"])


def test_batchnorm_non_default_momentum_and_epsilon_equal_keras():
    rng = np.random.default_rng(6)
    x, gamma, beta = rng.normal(2, 0.02, size=(6, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3)
    layer = _keras_bn(3, gamma, beta, "float64", momentum=0.8, epsilon=1e-5)
    keras_out = layer(x, training=True).numpy()
    out, _, new = R.batchnorm_forward(x, gamma, beta, {"mean": np.zeros(3), "var": np.ones(3)}, True,
                                      momentum=0.8, eps=1e-5)
    np.testing.assert_allclose(out, keras_out, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(new["var"], layer.moving_variance.numpy(), rtol=1e-12)


def test_batchnorm_backward_equals_keras_gradient_tape():
    rng = np.random.default_rng(7)
    x, gamma, beta, dout = rng.normal(1, 2, (7, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(7, 3))
    layer = _keras_bn(3, gamma, beta, "float64")
    xv = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = layer(xv, training=True)
    keras_grads = tape.gradient(y, [xv, layer.gamma, layer.beta], output_gradients=tf.constant(dout))
    _, cache, _ = R.batchnorm_forward(x, gamma, beta, {"mean": np.zeros(3), "var": np.ones(3)}, True)
    for ours, theirs in zip(R.batchnorm_backward(dout, cache), keras_grads, strict=True):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------- early stopping


class _Model:
    stop_training = False


def keras_early_stopping(losses, patience, min_delta=0.0):
    """(stop_epoch, best_epoch) from keras.callbacks.EarlyStopping fed one on_epoch_end per loss."""
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta)
    model = _Model()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": loss})
        if model.stop_training:
            assert callback.stopped_epoch == epoch
            return epoch, callback.best_epoch
    return len(losses) - 1, callback.best_epoch


SEQUENCES = [
    ([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2, 0.0),
    ([1.0, 0.9, 0.95, 0.8, 0.85], 3, 0.0),
    ([1.0, 0.5, 0.5, 0.5, 0.4], 2, 0.0),            # ties
    ([3.0, 2.0, 2.5, 2.0], 5, 0.0),                 # a later tie is not the best epoch
    ([1.0, 0.95, 0.92, 0.7, 0.65, 0.64, 0.63], 3, 0.1),  # min_delta
    ([1.0, 0.9, 0.95, 0.8], 0, 0.0),                # patience 0
    ([1.0, 0.9, 0.95, 0.8], 1, 0.0),
    ([0.5, 0.6, 0.7, 0.4], 2, 0.0),
    ([0.5, 0.5, 0.5], 0, 0.0),
    ([0.7], 0, 0.0),
]


@pytest.mark.parametrize("losses, patience, min_delta", SEQUENCES)
def test_early_stopping_equals_keras_callback(losses, patience, min_delta):
    assert R.early_stopping(losses, patience, min_delta) == keras_early_stopping(losses, patience, min_delta)
    assert T.early_stopping(losses, patience, min_delta) == R.early_stopping(losses, patience, min_delta)


def test_early_stopping_equals_keras_callback_on_random_curves():
    rng = np.random.default_rng(11)
    for _ in range(200):
        n = int(rng.integers(1, 30))
        losses = np.round(np.cumsum(rng.normal(-0.02, 0.05, size=n)) + 2.0, 2).tolist()  # ties on a 0.01 grid
        patience = int(rng.integers(0, 6))
        min_delta = float(rng.choice([0.0, 0.035, 0.075]))  # never within float32 resolution of a difference
        assert R.early_stopping(losses, patience, min_delta) == keras_early_stopping(losses, patience, min_delta), \
            (losses, patience, min_delta)


@pytest.mark.slow
def test_early_stopping_equals_keras_fit_with_the_callback():
    """A real (tiny) model.fit: the epoch Keras stops at and its best epoch, from the val_loss history."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(32, 3)).astype("float32")
    y = (X @ np.array([1.0, -2.0, 0.5]) + rng.normal(0, 2.0, 32)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    history = model.fit(X[:16], y[:16], validation_data=(X[16:], y[16:]), epochs=60, verbose=0, callbacks=[callback])
    losses = history.history["val_loss"]
    assert callback.stopped_epoch > 0, "the model should overfit and stop early"
    assert R.early_stopping(losses, 2) == (callback.stopped_epoch, callback.best_epoch)


# --------------------------------------------------------------------------- reference.tf agrees


def test_reference_tf_agrees_with_numpy():
    rng = np.random.default_rng(9)
    x, gamma, beta, dout = rng.normal(1, 2, (6, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(6, 3))
    running = {"mean": rng.normal(size=3), "var": rng.uniform(0.5, 2, 3)}
    for training in (True, False):
        (o1, c1, n1), (o2, c2, n2) = (R.batchnorm_forward(x, gamma, beta, running, training),
                                      T.batchnorm_forward(x, gamma, beta, running, training))
        np.testing.assert_allclose(o1, o2, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(n1["var"], n2["var"], rtol=1e-12)
        for a, b in zip(R.batchnorm_backward(dout, c1), T.batchnorm_backward(dout, c2), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    mask = (rng.uniform(size=(6, 3)) >= 0.3).astype(float)
    np.testing.assert_allclose(T.dropout_backward(dout, mask, 0.3), R.dropout_backward(dout, mask, 0.3), rtol=1e-15)
    out, mask = T.dropout_forward(np.ones((50, 40)), 0.3, True, np.random.default_rng(1))
    np.testing.assert_allclose(out, mask / 0.7, rtol=1e-15)
    assert T.l2_penalty([x], 0.5) == pytest.approx(R.l2_penalty([x], 0.5), rel=1e-12)
    np.testing.assert_allclose(T.l2_grad(x, 0.5), R.l2_grad(x, 0.5), rtol=1e-12)
