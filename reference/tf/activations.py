"""Activations and their derivatives in TensorFlow: the same functions as
``reference.numpy.activations``.

The activations are TensorFlow's own (``tf.nn`` / ``tf.math``); every derivative comes from
``tf.GradientTape`` differentiating that activation, so nothing here restates a formula: TF's
autodiff is the outside judge of the hand-derived NumPy derivatives. For an elementwise g the
gradient of sum(g(z)) with respect to z is g'(z) elementwise. Computed in float64 on the chosen
device, returned as NumPy.
"""

import numpy as np
import tensorflow as tf

from .device import on_device


def _t(z):
    return tf.convert_to_tensor(np.asarray(z, dtype=np.float64))


def _derivative(g, z):
    """g'(z) elementwise, by differentiating sum(g(z)) with a GradientTape."""
    with on_device():
        z = _t(z)
        with tf.GradientTape() as tape:
            tape.watch(z)
            y = g(z)
        return tape.gradient(y, z).numpy()


def sigmoid_prime(z):
    """d/dz tf.math.sigmoid, by tf.GradientTape."""
    return _derivative(tf.math.sigmoid, z)


def tanh(z):
    """tf.math.tanh."""
    with on_device():
        return tf.math.tanh(_t(z)).numpy()


def tanh_prime(z):
    """d/dz tf.math.tanh, by tf.GradientTape."""
    return _derivative(tf.math.tanh, z)


def relu(z):
    """tf.nn.relu."""
    with on_device():
        return tf.nn.relu(_t(z)).numpy()


def relu_prime(z):
    """d/dz tf.nn.relu, by tf.GradientTape (TensorFlow takes 0 at z = 0)."""
    return _derivative(tf.nn.relu, z)


def leaky_relu(z, alpha=0.1):
    """tf.nn.leaky_relu with slope alpha for z < 0."""
    with on_device():
        return tf.nn.leaky_relu(_t(z), alpha=alpha).numpy()


def leaky_relu_prime(z, alpha=0.1):
    """d/dz tf.nn.leaky_relu, by tf.GradientTape (TensorFlow takes alpha at z = 0)."""
    return _derivative(lambda x: tf.nn.leaky_relu(x, alpha=alpha), z)
