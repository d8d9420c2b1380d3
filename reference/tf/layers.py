"""Layers, losses and MLP backpropagation in TensorFlow: the same API as reference.numpy.layers.

Every backward here is computed by ``tf.GradientTape`` from the forward, not by hand, so the
NumPy reference's hand-written gradients are checked against automatic differentiation
(``nnlab validate`` runs the exercise's tests on this module). Caches hold the forward's
inputs as float64 tensors; the backward replays the forward under a tape and asks for the
vector-Jacobian product with ``output_gradients=dout``. Everything is float64.
"""

import numpy as np
import tensorflow as tf

from reference.tf.device import on_device

F64 = tf.float64


def _t(value):
    return tf.convert_to_tensor(np.asarray(value, dtype=np.float64), dtype=F64)


def _vjp(fn, inputs, dout):
    """Gradients of sum(fn(*inputs) * dout) with respect to every input, as NumPy arrays."""
    with on_device():
        with tf.GradientTape() as tape:
            for x in inputs:
                tape.watch(x)
            out = fn(*inputs)
        grads = tape.gradient(out, list(inputs), output_gradients=_t(dout))
    return [g.numpy() for g in grads]


def dense_forward(x, W, b):
    """out = x @ W + b (a Keras Dense layer without activation).  Returns: (out, cache)."""
    x, W, b = _t(x), _t(W), _t(b)
    with on_device():
        out = tf.matmul(x, W) + b
    return out.numpy(), (x, W, b)


def dense_backward(dout, cache):
    """(dx, dW, db) by automatic differentiation of x @ W + b."""
    dx, dW, db = _vjp(lambda x, W, b: tf.matmul(x, W) + b, cache, dout)
    return dx, dW, db


def relu_forward(x):
    """out = tf.nn.relu(x).  Returns: (out, cache)."""
    x = _t(x)
    with on_device():
        out = tf.nn.relu(x)
    return out.numpy(), x


def relu_backward(dout, cache):
    """dx by automatic differentiation of tf.nn.relu (TensorFlow takes the derivative 0 at x = 0)."""
    return _vjp(tf.nn.relu, [cache], dout)[0]


def sigmoid_forward(x):
    """out = tf.sigmoid(x).  Returns: (out, cache)."""
    x = _t(x)
    with on_device():
        out = tf.sigmoid(x)
    return out.numpy(), x


def sigmoid_backward(dout, cache):
    """dx by automatic differentiation of tf.sigmoid."""
    return _vjp(tf.sigmoid, [cache], dout)[0]


def softmax_cross_entropy(logits, y):
    """Mean sparse softmax cross-entropy from logits and its gradient, via tf.nn and a tape."""
    z = _t(logits)
    labels = tf.convert_to_tensor(np.asarray(y).astype(np.int64).reshape(-1))
    with on_device():
        with tf.GradientTape() as tape:
            tape.watch(z)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z))
        dz = tape.gradient(loss, z)
    return float(loss.numpy()), dz.numpy()


def bce_with_logits(z, y):
    """Mean binary cross-entropy from logits (tf.nn.sigmoid_cross_entropy_with_logits) and dL/dz."""
    z = _t(z)
    labels = tf.reshape(_t(y), tf.shape(z))
    with on_device():
        with tf.GradientTape() as tape:
            tape.watch(z)
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z))
        dz = tape.gradient(loss, z)
    return float(loss.numpy()), dz.numpy()


def _mlp_logits(X, weights):
    a = X
    L = len(weights) // 2
    for layer in range(L):
        a = tf.matmul(a, weights[2 * layer]) + weights[2 * layer + 1]
        if layer < L - 1:
            a = tf.nn.relu(a)
    return a


def _ordered(params):
    L = len(params) // 2
    return [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]


def mlp_forward(X, params):
    """Logits of the ReLU MLP with a linear output layer."""
    weights = [_t(params[key]) for key in _ordered(params)]
    with on_device():
        return _mlp_logits(_t(X), weights).numpy()


def mlp_loss_and_grads(X, y, params):
    """Mean sparse softmax cross-entropy of the MLP and its gradients (tf.GradientTape), keyed like params."""
    keys = _ordered(params)
    weights = [tf.Variable(np.asarray(params[key], dtype=np.float64), dtype=F64) for key in keys]
    labels = tf.convert_to_tensor(np.asarray(y).astype(np.int64).reshape(-1))
    with on_device():
        with tf.GradientTape() as tape:
            logits = _mlp_logits(_t(X), weights)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        grads = tape.gradient(loss, weights)
    return float(loss.numpy()), {key: g.numpy() for key, g in zip(keys, grads, strict=True)}
