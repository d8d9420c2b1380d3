"""Neurons, dense layers, logic gates and the XOR network in TensorFlow / Keras.

The same functions as ``reference.numpy.gates``, built from Keras ``Dense`` layers whose kernel
and bias are set by hand (Keras's kernel is (n_in, n_out), exactly our W), computed in float64 so
they agree with NumPy to rounding. ``gate_model`` and ``xor_model`` return the Keras models
themselves. The NumPy XOR thresholds its hidden layer; this one uses the other fix from the
notes' discussion: all weights scaled by 10, so every sigmoid saturates near 0 or 1.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from reference.numpy.gates import _GATES
from reference.tf.device import on_device

DTYPE = "float64"
XOR_SCALE = 10.0  # sigmoid(+-10) = 0.99995 / 0.00005: the hidden units are 0/1 in all but name


def _step(z):
    """Keras activation: 1.0 where z >= 0, else 0.0 (Keras has no built-in step)."""
    return tf.cast(z >= 0, z.dtype)


_ACTIVATIONS = {"sigmoid": "sigmoid", "relu": "relu", "linear": "linear", "step": _step}


def _keras_activation(name):
    try:
        return _ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}: use one of {sorted(_ACTIVATIONS)}") from None


def _dense_layer(W, b, activation="sigmoid"):
    """A built float64 ``keras.layers.Dense`` holding kernel W (n_in, n_out) and bias b (n_out,)."""
    W = np.asarray(W, dtype=np.float64)
    layer = keras.layers.Dense(W.shape[1], activation=_keras_activation(activation), dtype=DTYPE)
    layer.build((None, W.shape[0]))
    layer.set_weights([W, np.asarray(b, dtype=np.float64).reshape(W.shape[1])])
    return layer


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)) (``tf.math.sigmoid``, stable for large |z|)."""
    with on_device():
        return tf.math.sigmoid(tf.constant(np.asarray(z, dtype=np.float64))).numpy()


def step(z):
    """1.0 where z >= 0, else 0.0."""
    with on_device():
        return _step(tf.constant(np.asarray(z, dtype=np.float64))).numpy()


def dense(a_in, W, b, activation="sigmoid"):
    """g(a_in @ W + b) computed by a Keras ``Dense`` layer with kernel W and bias b."""
    a_in = np.asarray(a_in, dtype=np.float64)
    with on_device():
        out = _dense_layer(W, b, activation)(a_in.reshape(-1, a_in.shape[-1])).numpy()
    return out.reshape(a_in.shape[:-1] + (out.shape[-1],))


def neuron(x, w, b, activation="sigmoid"):
    """g(x @ w + b): a Keras ``Dense(1)`` with kernel w[:, None] and bias [b]."""
    w = np.asarray(w, dtype=np.float64)
    return dense(x, w.reshape(-1, 1), np.array([b], dtype=np.float64), activation)[..., 0]


def gate_model(name):
    """A Keras model of one sigmoid neuron acting as the gate ``name`` (the notes' weights)."""
    w, b = _GATES[name]
    model = keras.Sequential([keras.Input((2,), dtype=DTYPE), keras.layers.Dense(1, activation="sigmoid", dtype=DTYPE)])
    model.layers[0].set_weights([np.array(w, dtype=np.float64).reshape(2, 1), np.array([b], dtype=np.float64)])
    return model


def gate_weights(name):
    """(w, b) read back from the Keras gate model: w (2,), b a float."""
    if name not in _GATES:
        raise ValueError(f"unknown gate {name!r}: use one of {sorted(_GATES)}")
    kernel, bias = gate_model(name).layers[0].get_weights()
    return kernel[:, 0].astype(np.float64), float(bias[0])


def xor_model(scale=XOR_SCALE):
    """Keras XOR: Dense(2, sigmoid) = [NOR, AND], then Dense(1, sigmoid) = NOR, all weights times ``scale``.

    With scale = 1 (the notes' weights as written) the outputs are 0.364 and 0.481 and the model
    misclassifies (0, 1) and (1, 0); with scale 5 or 10 it is right.
    """
    (w_nor, b_nor), (w_and, b_and) = _GATES["nor"], _GATES["and"]
    W1 = scale * np.column_stack([w_nor, w_and])
    b1 = scale * np.array([b_nor, b_and])
    W2 = scale * np.array(w_nor).reshape(2, 1)
    b2 = scale * np.array([b_nor])
    model = keras.Sequential([
        keras.Input((2,), dtype=DTYPE),
        keras.layers.Dense(2, activation="sigmoid", dtype=DTYPE),
        keras.layers.Dense(1, activation="sigmoid", dtype=DTYPE),
    ])
    model.layers[0].set_weights([W1, b1])
    model.layers[1].set_weights([W2, b2])
    return model


def xor_network(x):
    """0/1 XOR predictions, shape (m,), from the Keras XOR model thresholded at 0.5."""
    x = np.asarray(x, dtype=np.float64)
    with on_device():
        out = xor_model()(x).numpy()[:, 0]
    return (out >= 0.5).astype(np.float64)
