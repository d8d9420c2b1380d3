"""Functions a test passes *to* a student function (f in numerical_derivative(f, x), an update
rule for optimize, ...).

Callables cannot cross the process boundary as data, so a test names one of these and the
child builds it. Like child.py this module is copied into the work dir and imports only
NumPy: it is the parent's code, chosen by the parent, never the student's.
"""

from __future__ import annotations

import numpy as np


def _square(x):
    return x**2


def _cube(x):
    return x**3


def _identity(x):
    return x


def _reciprocal(x):
    return 1.0 / x


def _log(x):
    return np.log(x)


def _three_a(x):
    return 3.0 * x


def _sin(x):
    return np.sin(x)


def _exp(x):
    return np.exp(x)


def _sum_squares(x):
    return float(np.sum(np.asarray(x) ** 2))


def _rosenbrock(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def _quadratic_form(A, c):
    """f(x) = 0.5 x^T A x + c . x (scalar), for a symmetric A."""
    A = np.asarray(A, dtype=float)
    c = np.asarray(c, dtype=float)

    def f(x):
        x = np.asarray(x, dtype=float)
        return float(0.5 * x @ A @ x + c @ x)

    return f


def _quadratic_grad(A, c):
    """grad of the quadratic form above: A x + c."""
    A = np.asarray(A, dtype=float)
    c = np.asarray(c, dtype=float)
    return lambda x: A @ np.asarray(x, dtype=float) + c


def _rosenbrock_grad():
    def g(x):
        x = np.asarray(x, dtype=float)
        grad = np.zeros_like(x)
        grad[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
        grad[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
        return grad

    return g


def _plain_sgd(learning_rate=0.1):
    """An update rule with the optimizer contract, for testing optimize() on its own."""

    def update(w, dw, config=None):
        config = dict(config or {})
        config["steps_seen"] = config.get("steps_seen", 0) + 1
        return w - learning_rate * dw, config

    return update


def _heavy_ball():
    """A stateful update rule (momentum, hyper-parameters read from config), for testing optimize():
    it only works if optimize feeds each returned config into the next call."""

    def update(w, dw, config=None):
        config = dict(config or {})
        v = config.get("heavy_ball_velocity", 0.0)
        v = config.get("momentum", 0.5) * v - config.get("learning_rate", 0.1) * np.asarray(dw, dtype=float)
        config["heavy_ball_velocity"] = v
        return np.asarray(w, dtype=float) + v, config

    return update


# --------------------------------------------------------------------------- Keras models (exercise7)
# A model cannot cross the process boundary, so tests of functions that build or take one run
# these helpers in the child (a call named "callables.<name>", see child.run_case): they build
# the grader's own model, load weights with the grader's own code, and read a model back as
# plain arrays. Keras is imported only when one of them runs, never for NumPy exercises.


def _keras():
    import os

    import keras
    import tensorflow as tf

    if os.environ.get("NNLAB_DEVICE", "auto").strip().lower() == "cpu":
        try:
            tf.config.set_visible_devices([], "GPU")
        except (RuntimeError, ValueError):  # devices already initialised: placement below still holds
            pass
    tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 comparisons on Ampere+
    return keras, tf


def _keras_device(tf):
    import os

    gpus = tf.config.list_logical_devices("GPU")
    choice = os.environ.get("NNLAB_DEVICE", "auto").strip().lower()
    return gpus[0].name if gpus and choice != "cpu" else "/CPU:0"


def _dense_layers(model):
    keras, _ = _keras()
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def _keras_mlp(hidden, n_classes, n_features):
    """The grader's own float64 model (ReLU hidden layers, linear output), built and compiled."""
    keras, tf = _keras()
    with tf.device(_keras_device(tf)):
        layers = [keras.Input(shape=(int(n_features),), dtype="float64")]
        layers += [keras.layers.Dense(int(units), activation="relu", dtype="float64") for units in hidden]
        layers.append(keras.layers.Dense(int(n_classes), activation="linear", dtype="float64"))
        model = keras.Sequential(layers)
        model.compile(optimizer=keras.optimizers.Adam(),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def _keras_set_weights(model, weights):
    """Give the model these weights in Keras's own order (kernel 1, bias 1, kernel 2, ...).

    The test builds the list: loading a params dict layer by layer is load_numpy_params, the
    student's task, and must not ship in the handout."""
    if not model.built:
        model.build((None, np.asarray(weights[0]).shape[0]))
    model.set_weights([np.asarray(w) for w in weights])
    return model


def _keras_logits(model, X):
    """model(X) as a float64 array, on the chosen device."""
    _, tf = _keras()
    with tf.device(_keras_device(tf)):
        return np.asarray(model(np.asarray(X, dtype=np.float64), training=False), dtype=np.float64)


def _keras_params(model):
    """The model's Dense weights in the params layout {"W1", "b1", ...}."""
    out = {}
    for layer, dense_layer in enumerate(_dense_layers(model), start=1):
        kernel, bias = dense_layer.get_weights()
        out[f"W{layer}"] = np.asarray(kernel, dtype=np.float64)
        out[f"b{layer}"] = np.asarray(bias, dtype=np.float64)
    return out


def _keras_architecture(model):
    """Numbers describing a model: built (0/1), Dense widths (L,), kernel shapes (L, 2) once built."""
    dense = _dense_layers(model)
    built = bool(getattr(model, "built", False)) and all(layer.built for layer in dense)
    shapes = [tuple(int(d) for d in layer.kernel.shape) for layer in dense] if built else []
    return {"built": float(built), "units": np.array([layer.units for layer in dense], dtype=np.float64),
            "kernel_shapes": np.array(shapes, dtype=np.float64).reshape(-1, 2)}


def _keras_optimizer(model):
    """{"compiled": 0/1, "adam": 0/1}: how the model was compiled."""
    optimizer = getattr(model, "optimizer", None)
    compiled = bool(getattr(model, "compiled", False))
    return {"compiled": float(compiled), "adam": float(compiled and type(optimizer).__name__ == "Adam")}


def _keras_compiled_loss(model, y, logits):
    """The model's compiled loss on the given labels and outputs (what ``fit`` would minimise)."""
    _, tf = _keras()
    if not getattr(model, "compiled", False):
        raise RuntimeError("the model is not compiled: call model.compile(optimizer=..., loss=...)")
    with tf.device(_keras_device(tf)):
        loss = model.compute_loss(x=None, y=np.asarray(y), y_pred=tf.constant(np.asarray(logits, dtype=np.float32)))
    return float(np.asarray(loss))


# --------------------------------------------------------------------------- large layers
# Tests of a backward pass on a layer too large for finite differences of the forward (issue 10,
# "points for the concept"). Their inputs are made here from a seed, so a fixture stores a few
# numbers instead of megabytes, and their outputs are reduced to a few random projections, so the
# expected values stored are as small. A wrong gradient changes its projections almost surely.


def _uniform(seed, shape, scale=1.0):
    """A float64 array uniform in [-scale, scale) from ``seed``: the same numbers everywhere (uniform,
    not normal: 7x faster to draw, and a large test must cost milliseconds)."""
    rng = np.random.default_rng(int(seed))
    return float(scale) * (2.0 * rng.random(tuple(int(n) for n in shape)) - 1.0)


def _projections(value, seed, k=2):
    """``value`` (an array, or a tuple/list/dict of arrays) with each array replaced by its ``k``
    projections <a, v_j> on random unit vectors v_j of its size (from ``seed`` and the array's
    place in the structure, so the student's and the reference's arrays meet the same v_j)."""

    def project(leaf, where):
        a = np.asarray(leaf, dtype=np.float64).ravel()
        v = np.random.default_rng([int(seed), where]).random((int(k), a.size)) - 0.5
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-300)
        return v @ a

    if isinstance(value, dict):
        return {key: project(value[key], i) for i, key in enumerate(sorted(value))}
    if isinstance(value, (tuple, list)):
        return [project(leaf, i) for i, leaf in enumerate(value)]
    return project(value, 0)


_MODEL_HELPERS = {
    "keras_mlp": _keras_mlp,
    "keras_set_weights": _keras_set_weights,
    "keras_logits": _keras_logits,
    "keras_params": _keras_params,
    "keras_architecture": _keras_architecture,
    "keras_optimizer": _keras_optimizer,
    "keras_compiled_loss": _keras_compiled_loss,
}


_SIMPLE = {
    "square": _square,
    "cube": _cube,
    "identity": _identity,
    "reciprocal": _reciprocal,
    "log": _log,
    "three_a": _three_a,
    "sin": _sin,
    "exp": _exp,
    "sum_squares": _sum_squares,
    "rosenbrock": _rosenbrock,
    "uniform": _uniform,
    "projections": _projections,
}

_FACTORIES = {
    "quadratic_form": _quadratic_form,
    "quadratic_grad": _quadratic_grad,
    "rosenbrock_grad": _rosenbrock_grad,
    "plain_sgd": _plain_sgd,
    "heavy_ball": _heavy_ball,
}


def make(name: str, **params):
    """Build the callable ``name`` with ``params``."""
    if name in _SIMPLE:
        return _SIMPLE[name]
    if name in _FACTORIES:
        return _FACTORIES[name](**params)
    if name in _MODEL_HELPERS:
        return _MODEL_HELPERS[name]
    raise KeyError(f"unknown callable {name!r}")


# --------------------------------------------------------------------------- exercise8
# diagnose returns a string, which cannot cross as an array: the child turns it into its index in
# DIAGNOSES (-1 for anything else). select_by_validation gets a small NumPy model: ridge regression.
# keras_fit_predict gets the grader's own small classifier, compiled with a learning rate that
# trains it in a few epochs.

DIAGNOSES = ("good", "high bias", "high variance", "high bias and high variance")


def _diagnosis_code(label):
    return float(DIAGNOSES.index(label)) if isinstance(label, str) and label in DIAGNOSES else -1.0


def _ridge_fit(X, y, lam):
    """Ridge regression: w = argmin ||X w - y||^2 + lam ||w||^2 (closed form)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + float(lam) * np.eye(X.shape[1]), X.T @ y)


def _mse_error(w, X, y):
    return float(np.mean((np.asarray(X, dtype=float) @ w - np.asarray(y, dtype=float)) ** 2))


class _LazyModel:
    """A Keras model built on first use (an attribute such as ``fit``, or a call): a submission that
    never touches it (an unwritten ``keras_fit_predict``) never waits for TensorFlow to load."""

    def __init__(self, build):
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_model", None)

    def _real(self):
        if self._model is None:
            object.__setattr__(self, "_model", self._build())
        return self._model

    def __getattr__(self, name):  # only for names the proxy itself lacks: everything of the model
        return getattr(self._real(), name)

    def __setattr__(self, name, value):
        setattr(self._real(), name, value)

    def __call__(self, *args, **kwargs):
        return self._real()(*args, **kwargs)


def _keras_classifier(n_features, n_classes, hidden=16, learning_rate=0.02):
    """Input -> Dense(hidden, relu) -> Dense(n_classes, linear), Adam, SparseCategoricalCrossentropy(from_logits),
    built lazily (see _LazyModel)."""

    def build():
        keras, tf = _keras()
        with tf.device(_keras_device(tf)):
            model = keras.Sequential([keras.Input(shape=(int(n_features),)),
                                      keras.layers.Dense(int(hidden), activation="relu"),
                                      keras.layers.Dense(int(n_classes))])
            model.compile(optimizer=keras.optimizers.Adam(float(learning_rate)),
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        return model

    return _LazyModel(build)


_SIMPLE.update({"ridge_fit": _ridge_fit, "mse_error": _mse_error})
_MODEL_HELPERS.update({"diagnosis_code": _diagnosis_code, "keras_classifier": _keras_classifier})


# --------------------------------------------------------------------------- pictures (graders/plots.py)
# A plot that unrolls a loop (an optimizer's path) needs a parent-chosen function's value between
# two student calls: "callables.apply" calls a callable from this module (an ``Fn`` argument) on values.


def _apply(fn, *args):
    return fn(*args)


_MODEL_HELPERS["apply"] = _apply
