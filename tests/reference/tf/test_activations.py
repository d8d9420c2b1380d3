"""TensorFlow as the outside oracle: tf.GradientTape derivatives equal the hand-derived NumPy ones."""

import numpy as np
import pytest
import tensorflow as tf

from reference.numpy import activations as N
from reference.tf import activations as T

pytestmark = pytest.mark.tf

Z = np.array([[-1000.0, -10.0, -2.5, -1e-9], [0.0, 1e-9, 0.7, 1000.0]])
NAMES = ["sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "leaky_relu", "leaky_relu_prime"]


@pytest.mark.parametrize("name", NAMES)
def test_tf_equals_numpy(name):
    got = np.asarray(getattr(T, name)(Z))
    assert got.shape == Z.shape and got.dtype == np.float64
    # tf.nn.leaky_relu keeps alpha as a float32 attribute: 0.1 becomes 0.10000000149
    rtol = 1e-7 if name.startswith("leaky") else 1e-12
    np.testing.assert_allclose(got, getattr(N, name)(Z), rtol=rtol, atol=1e-15)


@pytest.mark.parametrize("alpha", [0.01, 0.25, 0.5])
def test_tf_leaky_relu_alpha(alpha):
    np.testing.assert_allclose(T.leaky_relu(Z, alpha=alpha), N.leaky_relu(Z, alpha=alpha), rtol=1e-7)
    np.testing.assert_allclose(T.leaky_relu_prime(Z, alpha=alpha), N.leaky_relu_prime(Z, alpha=alpha), rtol=1e-7)


def test_gradient_tape_takes_the_courses_values_at_the_kink():
    assert float(T.relu_prime(0.0)) == 0.0
    assert float(T.leaky_relu_prime(0.0, alpha=0.25)) == pytest.approx(0.25)


def test_keras_activations_agree_through_their_own_tape():
    z = tf.constant(np.linspace(-4, 4, 17))
    for act, prime in [(tf.keras.activations.sigmoid, N.sigmoid_prime), (tf.keras.activations.tanh, N.tanh_prime),
                       (tf.keras.activations.relu, N.relu_prime)]:
        with tf.GradientTape() as tape:
            tape.watch(z)
            y = act(z)
        np.testing.assert_allclose(tape.gradient(y, z).numpy(), prime(z.numpy()), rtol=1e-12, atol=1e-15)
