"""Multi-label classification in TensorFlow / Keras: the oracle for ``reference.numpy.multilabel``.

The loss is Keras's ``BinaryCrossentropy(from_logits=True)`` on the (m, K) logits (the mean
over labels, then over examples) and its gradient comes from ``tf.GradientTape``.
"""

import keras
import numpy as np
import tensorflow as tf

from .device import on_device


def multilabel_loss_and_grads(logits, Y):
    """(loss, dloss/dlogits) of ``BinaryCrossentropy(from_logits=True)(Y, logits)``, as NumPy.

    logits: (m, K).  Y: (m, K) of 0s and 1s.  Returns: (float, (m, K) array).
    """
    loss_fn = keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")
    with on_device():
        z = tf.Variable(np.asarray(logits, dtype=np.float64))
        with tf.GradientTape() as tape:
            loss = loss_fn(tf.constant(np.asarray(Y, dtype=np.float64)), z)
        dz = tape.gradient(loss, z)
    return float(loss), np.asarray(dz, dtype=np.float64)


def multilabel_predict(logits, threshold=0.5):
    """1 where sigmoid(logit) >= threshold, else 0: (m, K) int array."""
    with on_device():
        p = tf.sigmoid(tf.constant(np.asarray(logits, dtype=np.float64)))
        return np.asarray(tf.cast(p >= threshold, tf.int64))
