"""Regularization in TensorFlow / Keras: the same functions as ``reference.numpy.regularization``.

Each is a thin call into Keras (``regularizers.L2``, ``layers.BatchNormalization``,
``callbacks.EarlyStopping``) or ``tf`` ops, computed in float64 on the chosen device and
returned as NumPy. Gradients come from ``tf.GradientTape``, not from hand-written formulas.
"""

import keras
import numpy as np
import tensorflow as tf

from .device import on_device


def _t(x):
    return tf.convert_to_tensor(np.asarray(x, dtype=np.float64))


def l2_penalty(weights, lam):
    """keras.regularizers.L2(lam) summed over the kernels."""
    with on_device():
        reg = keras.regularizers.L2(lam)
        return float(sum(float(reg(_t(W)).numpy()) for W in weights))


def l2_grad(W, lam):
    """d L2(lam)(W) / dW from a GradientTape."""
    with on_device():
        w = tf.Variable(_t(W))
        with tf.GradientTape() as tape:
            penalty = keras.regularizers.L2(lam)(w)
        return tape.gradient(penalty, w).numpy()


def dropout_forward(x, rate, training, rng):
    """Inverted dropout with TF's stateless uniform noise, seeded from ``rng``."""
    x = np.asarray(x, dtype=np.float64)
    if not training or rate == 0:
        return x.copy(), np.ones_like(x)
    seed = rng.integers(0, 2**31 - 1, size=2)
    with on_device():
        u = tf.random.stateless_uniform(x.shape, seed=seed, dtype=tf.float64)
        mask = tf.cast(u >= rate, tf.float64)
        out = _t(x) * mask / (1.0 - rate)
        return out.numpy(), mask.numpy()


def dropout_backward(dout, mask, rate):
    """The gradient of x * mask / (1 - rate) from a GradientTape, with the mask fixed."""
    with on_device():
        x = tf.Variable(tf.zeros_like(_t(dout)))
        with tf.GradientTape() as tape:
            out = x * _t(mask) / (1.0 - rate)
        return tape.gradient(out, x, output_gradients=_t(dout)).numpy()


def _layer(d, gamma, beta, running, momentum, eps):
    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=eps, dtype="float64")
    layer.build((None, d))
    layer.set_weights([np.asarray(gamma, dtype=np.float64), np.asarray(beta, dtype=np.float64),
                       np.asarray(running["mean"], dtype=np.float64), np.asarray(running["var"], dtype=np.float64)])
    return layer


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    """keras.layers.BatchNormalization (float64) with the given gamma, beta and moving statistics."""
    x = np.asarray(x, dtype=np.float64)
    with on_device():
        layer = _layer(x.shape[1], gamma, beta, running, momentum, eps)
        out = layer(_t(x), training=bool(training)).numpy()
        new_running = {"mean": layer.moving_mean.numpy(), "var": layer.moving_variance.numpy()}
    cache = {"x": x.copy(), "gamma": np.array(gamma, dtype=np.float64), "beta": np.array(beta, dtype=np.float64),
             "running": {k: np.array(v, dtype=np.float64) for k, v in running.items()},
             "training": bool(training), "momentum": momentum, "eps": eps}
    return out, cache, new_running


def batchnorm_backward(dout, cache):
    """Gradients of the same Keras layer from a GradientTape: (dx, dgamma, dbeta)."""
    with on_device():
        layer = _layer(cache["x"].shape[1], cache["gamma"], cache["beta"], cache["running"], cache["momentum"],
                       cache["eps"])
        x = tf.Variable(_t(cache["x"]))
        with tf.GradientTape() as tape:
            out = layer(x, training=cache["training"])
        dx, dgamma, dbeta = tape.gradient(out, [x, layer.gamma, layer.beta], output_gradients=_t(dout))
        return dx.numpy(), dgamma.numpy(), dbeta.numpy()


class _Model:
    """The little EarlyStopping needs from a model: a ``stop_training`` flag."""

    stop_training = False


def early_stopping(val_losses, patience, min_delta=0.0):
    """Drive keras.callbacks.EarlyStopping with one on_epoch_end per loss; (stop_epoch, best_epoch)."""
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta, mode="min")
    model = _Model()
    callback.set_model(model)
    callback.on_train_begin()
    losses = [float(v) for v in val_losses]
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": loss})
        if model.stop_training:
            return epoch, int(callback.best_epoch)
    return len(losses) - 1, int(callback.best_epoch)
