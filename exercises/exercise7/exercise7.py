"""exercise7: Training, evaluation and TensorFlow.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise7

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def train_test_split(X, y, test_fraction, rng):
    """Shuffle the examples with ``rng`` and hold out ceil(test_fraction * m) of them as the test set.

    X and y are shuffled together (every example keeps its label); the inputs are not modified.
    The notes' example: 10 examples with test_fraction 0.3 give 7 for training and 3 for the test.
    X: (m, n).  y: (m,).  test_fraction: in (0, 1).  rng: numpy.random.Generator.
    Returns: (X_train, X_test, y_train, y_test).
    """
    raise NotImplementedError("train_test_split")


def accuracy(logits, y):
    """The fraction of examples whose highest-scoring class is the true one.

    logits: (m, K), logits first (like exercise4's layer API).  y: (m,) integer labels ((m, 1) is
    accepted too).  Returns: float in [0, 1] (a fraction, not a count).
    Tested: square logits (rows are examples), all-negative logits, labels of shape (m, 1).
    """
    raise NotImplementedError("accuracy")


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=0.01, batch_size=32, rng=None):
    """Train an MLP classifier (ReLU hidden layers, linear output) with mini-batch Adam on (X, y).

    Use your own pieces: exercise4's mlp_loss_and_grads, exercise5's adam and minibatches (copy
    them into this file: the grader runs it on its own), with random initial weights (not zeros)
    from ``rng``.  On scikit-learn's 8x8 digits the defaults should reach 0.94-0.98 accuracy on
    held-out data in well under a second.
    X: (m, n).  y: (m,) integer labels (K = max(y) + 1 classes).  hidden: widths of the hidden
    layers.  epochs: passes over the data.  lr: Adam's learning_rate.  batch_size: examples per
    step.  rng: numpy.random.Generator (None: seed 0).
    Returns: params {"W1", "b1", ..., "WL", "bL"}.
    Tested: held-out accuracy >= 0.90, and layer sizes that follow ``hidden``.
    """
    raise NotImplementedError("train_mlp")


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    """The notes' classifier as a built, compiled Keras Sequential model:
    Dense(h, relu) for each h in ``hidden``, then Dense(n_classes) with a linear output (logits),
    compiled with Adam and SparseCategoricalCrossentropy(from_logits=True).

    "Built" means its weights exist before any training (tested).
    hidden: widths of the ReLU layers.  n_classes: output width.  n_features: input width.
    Returns: the keras.Model.
    """
    raise NotImplementedError("build_keras_model")


def load_numpy_params(model, params):
    """Copy NumPy params into the model's Dense layers, in order: layer l gets W_l and b_l.

    The model is changed in place (and returned for convenience).
    model: a built Keras model with L Dense layers.  params: {"W1", "b1", ..., "WL", "bL"}
    (look them up by name: the dict's order is not guaranteed).
    Returns: model.
    Tested: every kernel and bias, the logits after loading, square layers (no transpose), one
    and four layers.
    """
    raise NotImplementedError("load_numpy_params")


def tf_loss_and_grads(model, X, y):
    """The mean softmax cross-entropy of the model on (X, y) and its gradients, with ``tf.GradientTape``.

    model: a built Keras model of Dense layers (it outputs logits).  X: (m, n).  y: (m,) integer labels.
    Returns: (loss, grads) as NumPy: loss a float, grads {"W1": (n, h1), "b1": (h1,), ...} in
    the params layout.
    Tested: a batch of 16 and of 32 (the mean), one hidden layer, large logits, a batch of one.
    """
    raise NotImplementedError("tf_loss_and_grads")
