"""Softmax and losses in TensorFlow: the same functions as ``reference.numpy.losses``.

Each is a thin call into ``tf.nn`` or ``keras.losses`` (the code someone else wrote is the
judge of ours), computed in float64 on the chosen device, returned as NumPy.
"""

import keras
import numpy as np
import tensorflow as tf

from .device import on_device


def _t(x):
    return tf.convert_to_tensor(np.asarray(x, dtype=np.float64))


def softmax(z):
    """tf.nn.softmax over the last axis."""
    with on_device():
        return tf.nn.softmax(_t(z), axis=-1).numpy()


def log_softmax(z):
    """tf.nn.log_softmax over the last axis."""
    with on_device():
        return tf.nn.log_softmax(_t(z), axis=-1).numpy()


def categorical_cross_entropy(y_onehot, p):
    """keras.losses.CategoricalCrossentropy on probabilities (mean over examples)."""
    y, p = np.atleast_2d(y_onehot), np.atleast_2d(p)
    with on_device():
        return float(keras.losses.CategoricalCrossentropy(dtype="float64")(_t(y), _t(p)).numpy())


def sparse_categorical_cross_entropy(y, logits):
    """keras.losses.SparseCategoricalCrossentropy(from_logits=True)."""
    labels = np.asarray(y).reshape(-1).astype(np.int64)
    logits = np.asarray(logits, dtype=np.float64).reshape(len(labels), -1)
    with on_device():
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
        return float(loss(tf.constant(labels), _t(logits)).numpy())


def binary_cross_entropy(y, p):
    """keras.losses.BinaryCrossentropy on probabilities, one column per example."""
    y, p = np.asarray(y, dtype=float).reshape(-1, 1), np.asarray(p, dtype=float).reshape(-1, 1)
    with on_device():
        return float(keras.losses.BinaryCrossentropy(dtype="float64")(_t(y), _t(p)).numpy())


def binary_cross_entropy_from_logits(y, z):
    """tf.nn.sigmoid_cross_entropy_with_logits, mean over all elements."""
    with on_device():
        return float(tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=_t(y), logits=_t(z))).numpy())


def mse(y, y_hat):
    """keras.losses.MeanSquaredError over all elements."""
    y, y_hat = np.asarray(y, dtype=float).reshape(-1, 1), np.asarray(y_hat, dtype=float).reshape(-1, 1)
    with on_device():
        return float(keras.losses.MeanSquaredError(dtype="float64")(_t(y), _t(y_hat)).numpy())


def mae(y, y_hat):
    """keras.losses.MeanAbsoluteError over all elements."""
    y, y_hat = np.asarray(y, dtype=float).reshape(-1, 1), np.asarray(y_hat, dtype=float).reshape(-1, 1)
    with on_device():
        return float(keras.losses.MeanAbsoluteError(dtype="float64")(_t(y), _t(y_hat)).numpy())
