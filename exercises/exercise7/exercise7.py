"""exercise7: Training, evaluation and TensorFlow.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise7

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def train_test_split(X, y, test_fraction, rng):
    """Shuffle the examples and hold out a test set.

        n_test = ceil(test_fraction * m)        (at least the fraction asked for)
        p = rng.permutation(m);  test = p[:n_test];  train = p[n_test:]

    The notes' example: 10 houses with test_fraction 0.3 give 7 for training and 3 for the
    test. X and y are indexed with the same permutation, so every example keeps its label;
    the inputs are not modified.

    X: (m, n).  y: (m,).  test_fraction: in (0, 1).  rng: numpy.random.Generator.
    Returns: (X_train, X_test, y_train, y_test).
    """
    raise NotImplementedError("train_test_split")


def accuracy(logits, y):
    """The fraction of examples whose highest-scoring class is the true one.

        accuracy = mean_i [ argmax_j logits_ij == y_i ]

    Softmax is monotonic, so the argmax of the logits is the argmax of the probabilities:
    no softmax is needed to predict.

    logits: (m, K).  y: (m,) integer labels ((m, 1) is accepted too).  Returns: float in [0, 1].
    """
    raise NotImplementedError("accuracy")


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=0.01, batch_size=32, rng=None):
    """Train an MLP classifier (ReLU hidden layers, linear output) with mini-batch Adam.

        params = init_params((n, *hidden, K), rng)           K = max(y) + 1 classes
        for each epoch:
            for (Xb, yb) in minibatches(X, y, batch_size, rng):     a fresh shuffle per epoch
                loss, grads = mlp_loss_and_grads(Xb, yb, params)
                params[k], state[k] = adam(params[k], grads[k], state[k])   for every k

    One Adam state per parameter array, carried from step to step. init_params draws
    Glorot-uniform weights, W ~ U(-r, r) with r = sqrt(6 / (n_in + n_out)), and zero biases;
    mlp_loss_and_grads is exercise 4's, adam and minibatches are exercise 5's: copy your own
    versions into this file (the grader runs it on its own). On scikit-learn's 8x8
    digits (pixels scaled to [0, 1]) the defaults reach 0.94-0.98 accuracy on held-out data
    in well under a second.

    X: (m, n).  y: (m,) integer labels.  hidden: widths of the hidden layers.  epochs: passes
    over the data.  lr: Adam's learning_rate.  batch_size: examples per step.
    rng: numpy.random.Generator for the initial weights and the shuffles (None: seed 0).
    Returns: params {"W1", "b1", ..., "WL", "bL"}.
    """
    raise NotImplementedError("train_mlp")


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    """The notes' classifier as a built, compiled Keras Sequential model.

        Input(n_features) -> Dense(h, relu) for each h in hidden -> Dense(n_classes, linear)
        compiled with Adam and SparseCategoricalCrossentropy(from_logits=True)

    The output layer is linear (it returns logits) because the loss applies the softmax itself
    (from_logits=True). Starting with ``keras.Input(shape=(n_features,))`` builds the model:
    its weights exist at once, so they can be set before any training.

    hidden: widths of the ReLU layers.  n_classes: output width.  n_features: input width.
    Returns: the keras.Model.
    """
    raise NotImplementedError("build_keras_model")


def load_numpy_params(model, params):
    """Copy NumPy params into the model's Dense layers, in order: layer l gets [W_l, b_l].

    A Keras Dense kernel is (n_in, n_out) like W_l, so no transpose is needed:
    ``layer.set_weights([params["W1"], params["b1"]])`` for the first Dense layer, and so on.
    The model is changed in place (and returned for convenience).

    model: a built Keras model with L Dense layers.  params: {"W1", "b1", ..., "WL", "bL"}.
    Returns: model.
    """
    raise NotImplementedError("load_numpy_params")


def tf_loss_and_grads(model, X, y):
    """The mean softmax cross-entropy of the model on (X, y) and its gradients, by tf.GradientTape.

        with tf.GradientTape() as tape:
            logits = model(X)
            loss = SparseCategoricalCrossentropy(from_logits=True)(y, logits)
        grads = tape.gradient(loss, [kernel_1, bias_1, ..., kernel_L, bias_L])

    The tape records the forward pass and plays it backwards: the same backpropagation as
    mlp_loss_and_grads, so both give the same numbers for the same weights.

    model: a built Keras model of Dense layers.  X: (m, n).  y: (m,) integer labels.
    Returns: (loss, grads) as NumPy: loss a float, grads {"W1": (n, h1), "b1": (h1,), ...}.
    """
    raise NotImplementedError("tf_loss_and_grads")
