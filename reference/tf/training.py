"""The notes' digits model in TensorFlow / Keras, and the bridge between it and the NumPy MLP.

    model = Sequential([Dense(25, "relu"), Dense(15, "relu"), Dense(10, "linear")])
    model.compile(optimizer=Adam(), loss=SparseCategoricalCrossentropy(from_logits=True))

A Keras ``Dense`` layer computes ``x @ kernel + bias`` with kernel (n_in, n_out) and bias
(n_out,): exactly ``W_l`` and ``b_l`` of the NumPy params, so weights move between the two
unchanged and both give the same logits and the same gradients. The last layer is linear and
the loss takes logits (``from_logits=True``): Keras then folds the softmax into the loss, which
is more accurate than a softmax layer followed by a loss on probabilities.

The reference builds its layers in float64 so that it agrees with NumPy to ~1e-12; the notes'
float32 model agrees to ~1e-6. Work runs on the device ``reference.tf.device`` picks (a GPU
when TensorFlow sees one).
"""

import keras
import numpy as np
import tensorflow as tf

from .device import on_device


def _keras_mlp(hidden, n_classes, n_features, dtype):
    """Sequential([Input, Dense(h, relu) for h in hidden, Dense(n_classes, linear)]), compiled."""
    layers = [keras.Input(shape=(n_features,), dtype=dtype)]
    layers += [keras.layers.Dense(units, activation="relu", dtype=dtype) for units in hidden]
    layers.append(keras.layers.Dense(n_classes, activation="linear", dtype=dtype))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype=dtype))
    return model


def _dense_layers(model):
    """The model's Dense layers, input side first (an Input layer holds no weights)."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    """The notes' classifier as a built, compiled Keras Sequential model:
    Dense(h, relu) for each h in ``hidden``, then Dense(n_classes) with a linear output (logits),
    compiled with Adam and SparseCategoricalCrossentropy(from_logits=True).

    "Built" means its weights exist before any training (tested).
    hidden: widths of the ReLU layers.  n_classes: output width.  n_features: input width.
    Returns: the keras.Model.

    How:
    The notes' classifier as a built, compiled Keras Sequential model.

        Input(n_features) -> Dense(h, relu) for each h in hidden -> Dense(n_classes, linear)
        compiled with Adam and SparseCategoricalCrossentropy(from_logits=True)

    The output layer is linear (it returns logits) because the loss applies the softmax itself
    (from_logits=True). Starting with ``keras.Input(shape=(n_features,))`` builds the model:
    its weights exist at once, so they can be set before any training.

    hidden: widths of the ReLU layers.  n_classes: output width.  n_features: input width.
    Returns: the keras.Model.
    """
    with on_device():
        return _keras_mlp(hidden, n_classes, n_features, "float64")


def load_numpy_params(model, params):
    """Copy NumPy params into the model's Dense layers, in order: layer l gets W_l and b_l.

    The model is changed in place (and returned for convenience).
    model: a built Keras model with L Dense layers.  params: {"W1", "b1", ..., "WL", "bL"}
    (look them up by name: the dict's order is not guaranteed).
    Returns: model.
    Tested: every kernel and bias, the logits after loading, square layers (no transpose), one
    and four layers.

    How:
    Copy NumPy params into the model's Dense layers, in order: layer l gets [W_l, b_l].

    A Keras Dense kernel is (n_in, n_out) like W_l, so no transpose is needed:
    ``layer.set_weights([params["W1"], params["b1"]])`` for the first Dense layer, and so on.
    The model is changed in place (and returned for convenience).

    model: a built Keras model with L Dense layers.  params: {"W1", "b1", ..., "WL", "bL"}.
    Returns: model.
    """
    dense = _dense_layers(model)
    if len(dense) * 2 != len(params):
        raise ValueError(f"the model has {len(dense)} Dense layers but params hold {len(params) // 2}")
    for layer, dense_layer in enumerate(dense, start=1):
        dense_layer.set_weights([np.asarray(params[f"W{layer}"]), np.asarray(params[f"b{layer}"])])
    return model


def tf_loss_and_grads(model, X, y):
    """The mean softmax cross-entropy of the model on (X, y) and its gradients, with ``tf.GradientTape``.

    model: a built Keras model of Dense layers (it outputs logits).  X: (m, n).  y: (m,) integer labels.
    Returns: (loss, grads) as NumPy: loss a float, grads {"W1": (n, h1), "b1": (h1,), ...} in
    the params layout.
    Tested: a batch of 16 and of 32 (the mean), one hidden layer, large logits, a batch of one.

    How:
    The mean softmax cross-entropy of the model on (X, y) and its gradients, by tf.GradientTape.

        with tf.GradientTape() as tape:
            logits = model(X)
            loss = SparseCategoricalCrossentropy(from_logits=True)(y, logits)
        grads = tape.gradient(loss, [kernel_1, bias_1, ..., kernel_L, bias_L])

    The tape records the forward pass and plays it backwards: the same backpropagation as
    mlp_loss_and_grads, so both give the same numbers for the same weights.

    model: a built Keras model of Dense layers.  X: (m, n).  y: (m,) integer labels.
    Returns: (loss, grads) as NumPy: loss a float, grads {"W1": (n, h1), "b1": (h1,), ...}.
    """
    labels = np.asarray(y).reshape(-1).astype(np.int64)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    dense = _dense_layers(model)
    with on_device():
        with tf.GradientTape() as tape:
            logits = model(np.asarray(X, dtype=np.float64), training=True)
            loss = loss_fn(labels, logits)
        variables = [v for layer in dense for v in (layer.kernel, layer.bias)]
        grads = tape.gradient(loss, variables)
    out = {}
    for layer in range(1, len(dense) + 1):
        out[f"W{layer}"] = np.asarray(grads[2 * layer - 2], dtype=np.float64)
        out[f"b{layer}"] = np.asarray(grads[2 * layer - 1], dtype=np.float64)
    return float(loss), out
