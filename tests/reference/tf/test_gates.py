"""Keras as the outside oracle of the NumPy neurons, and the TF gates/XOR agreeing with NumPy."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from reference.numpy import gates as N
from reference.tf import gates as G

pytestmark = [pytest.mark.tf, pytest.mark.slow]  # importing TensorFlow alone takes ~7 s

T = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
rng = np.random.default_rng(11)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "linear"])
def test_keras_dense_with_the_same_kernel_equals_numpy_dense(activation):
    """A plain keras.layers.Dense (not our TF module) is the oracle: kernel (n_in, n_out) is our W."""
    A, W, b = rng.normal(0, 2, (6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    layer = keras.layers.Dense(3, activation=activation, dtype="float64")
    layer.build((None, 4))
    layer.set_weights([W, b])
    np.testing.assert_allclose(layer(A).numpy(), N.dense(A, W, b, activation), rtol=1e-12, atol=1e-14)


def test_coffee_roasting_model_in_keras_equals_numpy():
    """The notes' Dense(3, sigmoid) -> Dense(1, sigmoid) on x = [[200, 17]], weights set by hand."""
    W1, b1 = np.array([[1.0, -3.0, 5.0], [-2.0, 4.0, -6.0]]) * 0.01, np.array([-1.0, 1.0, 2.0])
    W2, b2 = np.array([[1.0], [-2.0], [0.5]]), np.array([-0.2])
    model = keras.Sequential([keras.Input((2,), dtype="float64"),
                              keras.layers.Dense(3, activation="sigmoid", dtype="float64"),
                              keras.layers.Dense(1, activation="sigmoid", dtype="float64")])
    model.layers[0].set_weights([W1, b1])
    model.layers[1].set_weights([W2, b2])
    x = np.array([[200.0, 17.0]])
    np.testing.assert_allclose(model(x).numpy(), N.dense(N.dense(x, W1, b1), W2, b2), rtol=1e-12)


def test_sigmoid_and_step_agree_with_tf_at_extremes():
    z = np.array([-1000.0, -40.0, -1e-12, 0.0, 1e-12, 3.0, 1000.0])
    np.testing.assert_allclose(tf.math.sigmoid(tf.constant(z)).numpy(), N.sigmoid(z), rtol=1e-12, atol=0)
    np.testing.assert_allclose(G.sigmoid(z), N.sigmoid(z), rtol=1e-12, atol=0)
    np.testing.assert_array_equal(G.step(z), N.step(z))


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "linear", "step"])
def test_tf_neuron_and_dense_equal_numpy(activation):
    x, w, W, b = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=(3, 2)), rng.normal(size=2)
    np.testing.assert_allclose(G.neuron(x, w, 0.3, activation), N.neuron(x, w, 0.3, activation), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(G.neuron(x[0], w, 0.3, activation), N.neuron(x[0], w, 0.3, activation), rtol=1e-12)
    np.testing.assert_allclose(G.dense(x, W, b, activation), N.dense(x, W, b, activation), rtol=1e-12, atol=1e-14)
    assert G.dense(x[0], W, b, activation).shape == (2,)


@pytest.mark.parametrize("name", ["and", "or", "nand", "nor"])
def test_keras_gate_models_match_numpy_neurons(name):
    w, b = N.gate_weights(name)
    np.testing.assert_allclose(G.gate_model(name)(T).numpy()[:, 0], N.neuron(T, w, b), rtol=1e-12)
    gw, gb = G.gate_weights(name)
    np.testing.assert_array_equal(gw, w)
    assert gb == b


def test_keras_xor_model_reproduces_the_notes_failure_and_the_scaling_fix():
    np.testing.assert_allclose(G.xor_model(1.0)(T).numpy()[:, 0], [0.364, 0.481, 0.481, 0.364], atol=5e-4)
    for scale in (5.0, 10.0):
        out = G.xor_model(scale)(T).numpy()[:, 0]
        np.testing.assert_array_equal(out >= 0.5, [False, True, True, False])
    batch = T[rng.integers(0, 4, size=17)]
    np.testing.assert_array_equal(G.xor_network(batch), N.xor_network(batch))
    np.testing.assert_array_equal(G.xor_network(T), [0.0, 1.0, 1.0, 0.0])
