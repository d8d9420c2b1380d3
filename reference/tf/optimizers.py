"""The update rules of ``reference.numpy.optimizers``, done by Keras 3's own optimizers.

Each rule builds the matching ``keras.optimizers`` object for one float64 variable, restores
the optimizer's variables (step count, slots) from the config, applies one gradient and saves
them back: so ``nnlab validate`` checks the NumPy formulas against Keras itself, one call at a
time, with the same ``(w, dw, config) -> (next_w, config)`` interface. The learning rate is
held in float64 too (Keras keeps it in float32 by default, which would cost ~1e-8 relative).
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from reference.tf.device import on_device

_STATE = "keras_variables"  # config key of the optimizer's saved variables


def _float64_optimizer(cls, **kwargs):
    """A Keras optimizer whose learning-rate variable is float64 (it takes floatx at creation)."""
    before = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        return cls(**kwargs)
    finally:
        keras.config.set_floatx(before)


def _keras_step(cls, w, dw, config, defaults, hyper):
    """One ``apply_gradients`` of ``cls(**hyper)`` on w, with the optimizer state kept in config."""
    config = {**defaults, **(config or {})}
    kwargs = {key: config[key] for key in hyper}
    with on_device():
        var = keras.Variable(np.array(w, dtype=np.float64), dtype="float64")
        opt = _float64_optimizer(cls, **kwargs)
        opt.build([var])
        for variable, saved in zip(opt.variables, config.get(_STATE, ()), strict=False):
            variable.assign(saved)
        opt.apply_gradients([(tf.constant(np.asarray(dw, dtype=np.float64)), var)])
        config[_STATE] = [np.array(v.numpy()) for v in opt.variables]
        return np.array(var.numpy(), dtype=np.float64), config


def sgd(w, dw, config=None):
    """Vanilla SGD: ``keras.optimizers.SGD(learning_rate)``."""
    return _keras_step(keras.optimizers.SGD, w, dw, config, {"learning_rate": 0.01}, ["learning_rate"])


def sgd_momentum(w, dw, config=None):
    """``keras.optimizers.SGD(learning_rate, momentum)`` (momentum defaults to 0.9 here)."""
    return _keras_step(keras.optimizers.SGD, w, dw, config, {"learning_rate": 0.01, "momentum": 0.9},
                       ["learning_rate", "momentum"])


def nesterov(w, dw, config=None):
    """``keras.optimizers.SGD(learning_rate, momentum, nesterov=True)`` (momentum defaults to 0.9)."""
    config = {"learning_rate": 0.01, "momentum": 0.9, **(config or {}), "nesterov": True}
    w, config = _keras_step(keras.optimizers.SGD, w, dw, config, {}, ["learning_rate", "momentum", "nesterov"])
    del config["nesterov"]
    return w, config


def adagrad(w, dw, config=None):
    """``keras.optimizers.Adagrad(learning_rate, initial_accumulator_value, epsilon)``."""
    defaults = {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7}
    return _keras_step(keras.optimizers.Adagrad, w, dw, config, defaults, list(defaults))


def rmsprop(w, dw, config=None):
    """``keras.optimizers.RMSprop(learning_rate, rho, epsilon)``."""
    defaults = {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7}
    return _keras_step(keras.optimizers.RMSprop, w, dw, config, defaults, list(defaults))


def adam(w, dw, config=None):
    """``keras.optimizers.Adam(learning_rate, beta_1, beta_2, epsilon)``."""
    defaults = {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}
    return _keras_step(keras.optimizers.Adam, w, dw, config, defaults, list(defaults))


def minibatches(X, y, batch_size, rng):
    """One ``rng.permutation(m)``, gathered with ``tf.gather`` into consecutive batches."""
    order = rng.permutation(np.shape(X)[0])
    with on_device():
        X, y = tf.constant(X), tf.constant(y)
        return [(tf.gather(X, order[i:i + batch_size]).numpy(), tf.gather(y, order[i:i + batch_size]).numpy())
                for i in range(0, len(order), batch_size)]


def optimize(grad_fn, w0, update, config, steps):
    """The loop of ``reference.numpy.optimizers.optimize``, stacked with ``tf.stack``."""
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(steps):
        w, config = update(w, grad_fn(w), config)
        w = np.array(w, dtype=np.float64)
        path.append(w)
    return tf.stack(path).numpy()
