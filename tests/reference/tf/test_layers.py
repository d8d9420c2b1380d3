"""TensorFlow as the outside oracle of exercise4: Keras models and tf.GradientTape against the NumPy reference."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from reference.numpy import layers as N
from reference.tf import layers as T

pytestmark = [pytest.mark.tf, pytest.mark.slow]  # importing TensorFlow alone takes several seconds


def _params(rng, sizes):
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{i}"] = rng.normal(0, 1 / np.sqrt(a), size=(a, b))
        params[f"b{i}"] = rng.normal(0, 0.3, size=b)
    return params


def keras_mlp(params):
    """The notes' Sequential model (Dense relu ... Dense linear) in float64, weights loaded from the NumPy params."""
    L = len(params) // 2
    n_in = params["W1"].shape[0]
    model = keras.Sequential([keras.Input((n_in,), dtype="float64")] + [
        keras.layers.Dense(params[f"W{i}"].shape[1], activation="relu" if i < L else "linear", dtype="float64")
        for i in range(1, L + 1)])
    for i, layer in enumerate(model.layers, start=1):
        layer.set_weights([params[f"W{i}"], params[f"b{i}"]])  # kernel (n_in, n_out): no transpose needed
    return model


@pytest.mark.parametrize("sizes, m", [((4, 5, 3), 6), ((64, 25, 15, 10), 8), ((3, 2), 1)])
def test_mlp_loss_and_grads_equals_gradient_tape_on_the_keras_model(sizes, m):
    rng = np.random.default_rng(sum(sizes) + m)
    X, y, params = rng.normal(size=(m, sizes[0])), rng.integers(0, sizes[-1], size=m), _params(rng, sizes)
    model = keras_mlp(params)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    variables = {}
    for i, layer in enumerate(model.layers, start=1):
        variables[f"W{i}"], variables[f"b{i}"] = layer.kernel, layer.bias
    with tf.GradientTape() as tape:
        logits = model(tf.constant(X), training=False)
        loss = loss_fn(tf.constant(y), logits)
    grads = tape.gradient(loss, list(variables.values()))
    keras_grads = {key: g.numpy() for key, g in zip(variables, grads, strict=True)}

    np.testing.assert_allclose(N.mlp_forward(X, params), logits.numpy(), rtol=1e-12, atol=1e-12)
    ours, our_grads = N.mlp_loss_and_grads(X, y, params)
    np.testing.assert_allclose(ours, float(loss), rtol=1e-12)
    assert set(our_grads) == set(keras_grads)
    for key in keras_grads:
        np.testing.assert_allclose(our_grads[key], keras_grads[key], rtol=1e-9, atol=1e-12, err_msg=key)


def test_dense_forward_equals_a_keras_dense_layer():
    rng = np.random.default_rng(1)
    x, W, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    dense = keras.layers.Dense(3, dtype="float64")
    dense.build((None, 4))
    dense.set_weights([W, b])
    np.testing.assert_allclose(N.dense_forward(x, W, b)[0], dense(tf.constant(x)).numpy(), rtol=1e-12, atol=1e-12)


def test_bce_with_logits_equals_keras_binary_crossentropy_from_logits():
    z = np.array([[1000.0], [-1000.0], [0.3], [-2.0], [0.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    loss_fn = keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")
    zt = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(zt)
        loss = loss_fn(tf.constant(y), zt)
    ours, dz = N.bce_with_logits(z, y)
    np.testing.assert_allclose(ours, float(loss), rtol=1e-12)
    np.testing.assert_allclose(dz, tape.gradient(loss, zt).numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("forward, backward, x", [
    ("dense_forward", "dense_backward", None),
    ("relu_forward", "relu_backward", np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.0]])),
    ("sigmoid_forward", "sigmoid_backward", np.array([[-30.0, 0.0, 2.0], [3.0, -0.5, 1000.0]])),
])
def test_tf_layer_pairs_agree_with_numpy(forward, backward, x):
    rng = np.random.default_rng(2)
    args = (rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)) if x is None else (x,)
    out_n, cache_n = getattr(N, forward)(*args)
    out_t, cache_t = getattr(T, forward)(*args)
    np.testing.assert_allclose(out_t, out_n, rtol=1e-12, atol=1e-15)
    dout = rng.normal(size=out_n.shape)
    grads_n = getattr(N, backward)(dout, cache_n)
    grads_t = getattr(T, backward)(dout, cache_t)
    for g_n, g_t in zip(np.atleast_1d(grads_n) if x is not None else grads_n,
                        np.atleast_1d(grads_t) if x is not None else grads_t, strict=True):
        np.testing.assert_allclose(np.asarray(g_t), g_n, rtol=1e-12, atol=1e-15)


def test_tf_losses_and_mlp_agree_with_numpy():
    rng = np.random.default_rng(5)
    z, y = np.array([[1000.0, 0.0, -1000.0], [0.2, -0.1, 0.4]]), np.array([2, 1])
    for (a, da), (b, db) in [(T.softmax_cross_entropy(z, y), N.softmax_cross_entropy(z, y))]:
        np.testing.assert_allclose(a, b, rtol=1e-12)
        np.testing.assert_allclose(da, db, rtol=1e-12, atol=1e-15)
    X, labels, params = rng.normal(size=(5, 4)), rng.integers(0, 3, size=5), _params(rng, (4, 6, 3))
    np.testing.assert_allclose(T.mlp_forward(X, params), N.mlp_forward(X, params), rtol=1e-12)
    lt, gt = T.mlp_loss_and_grads(X, labels, params)
    ln, gn = N.mlp_loss_and_grads(X, labels, params)
    np.testing.assert_allclose(lt, ln, rtol=1e-12)
    for key in params:
        np.testing.assert_allclose(gt[key], gn[key], rtol=1e-9, atol=1e-14, err_msg=key)
