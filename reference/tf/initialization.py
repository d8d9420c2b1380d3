"""Depth, initialization and gradient flow in TensorFlow / Keras: the oracle for ``reference.numpy.initialization``.

Keras's own initializers (``GlorotUniform``, ``HeNormal``, ``RandomNormal``, ``Zeros``) draw
the kernels, and ``tf.GradientTape`` computes the gradients whose norms show vanishing
gradients: nothing here repeats the NumPy reference's backward pass. Keras's ``HeNormal`` is a
truncated normal rescaled to std sqrt(2 / fan_in), so its draws differ from the NumPy
reference's plain normal while its statistics agree. Computation is float64 on the device
``reference.tf.device`` picks.
"""

import keras
import numpy as np
import tensorflow as tf

from .device import on_device

_INITIALIZERS = {
    "zeros": lambda seed: keras.initializers.Zeros(),
    "normal": lambda seed: keras.initializers.RandomNormal(mean=0.0, stddev=0.01, seed=seed),
    "glorot_uniform": lambda seed: keras.initializers.GlorotUniform(seed=seed),
    "he_normal": lambda seed: keras.initializers.HeNormal(seed=seed),
}


def linear_collapse(W1, b1, W2, b2):
    """(W, b) of the one Dense layer equal to Dense(W1, b1) followed by Dense(W2, b2), both linear.

    Computed by running the two layers on the identity (rows e_1..e_n) and on zero: a linear
    layer's output on 0 is its bias, and on e_i it is bias + row i of the kernel.

    Returns: (W (n, k), b (k,)) as NumPy.
    """
    W1, b1, W2, b2 = (tf.constant(np.asarray(a, dtype=np.float64)) for a in (W1, b1, W2, b2))
    n = W1.shape[0]
    with on_device():
        inputs = tf.concat([tf.zeros((1, n), tf.float64), tf.eye(n, dtype=tf.float64)], axis=0)
        out = tf.matmul(tf.matmul(inputs, W1) + b1, W2) + b2
    out = out.numpy()
    return out[1:] - out[:1], out[0]


def init_params(sizes, scheme, rng):
    """``{"W1", "b1", ...}`` drawn by Keras's initializer for ``scheme``, seeded from ``rng``.

    sizes: (n0, ..., nL).  scheme: "zeros", "normal", "glorot_uniform" or "he_normal".
    rng: numpy.random.Generator (gives each layer's integer seed).
    Returns: kernels (n_{l-1}, n_l) and zero biases (n_l,), float64 NumPy arrays.
    """
    if scheme not in _INITIALIZERS:
        raise ValueError(f"unknown scheme {scheme!r}")
    params = {}
    for layer in range(1, len(sizes)):
        initializer = _INITIALIZERS[scheme](int(rng.integers(2**31)))
        shape = (int(sizes[layer - 1]), int(sizes[layer]))
        params[f"W{layer}"] = np.asarray(initializer(shape, dtype="float64"), dtype=np.float64)
        params[f"b{layer}"] = np.zeros(shape[1])
    return params


def gradient_norms(params, X, y, activation):
    """||dJ/dW_l|| for each Dense layer of the MLP, by ``tf.GradientTape``.

    Hidden layers use ``activation`` ("sigmoid" or "relu"), the output is linear, and J is
    ``SparseCategoricalCrossentropy(from_logits=True)`` (the mean over the batch).

    Returns: (L,) NumPy array, input side first.
    """
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    g = tf.sigmoid if activation == "sigmoid" else tf.nn.relu
    n_layers = len(params) // 2
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    with on_device():
        kernels = [tf.Variable(np.asarray(params[f"W{l}"], dtype=np.float64)) for l in range(1, n_layers + 1)]
        biases = [tf.constant(np.asarray(params[f"b{l}"], dtype=np.float64)) for l in range(1, n_layers + 1)]
        with tf.GradientTape() as tape:
            a = tf.constant(np.asarray(X, dtype=np.float64))
            for layer, (W, b) in enumerate(zip(kernels, biases), start=1):
                a = tf.matmul(a, W) + b
                if layer < n_layers:
                    a = g(a)
            loss = loss_fn(np.asarray(y).reshape(-1).astype(np.int64), a)
        grads = tape.gradient(loss, kernels)
    return np.array([float(tf.norm(dW)) for dW in grads])
