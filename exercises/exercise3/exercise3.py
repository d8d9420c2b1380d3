"""exercise3: Softmax and losses.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise3

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def softmax(z):
    """Softmax over the last axis: each row becomes probabilities (positive, summing to 1).

    z: (K,) one example or (m, K) logits, one row per example.  Returns: the same shape.
    Tested: rows (not columns) of a square batch, a 1-D z, a batch of one, and logits around
    +-1000 (exp(1000) overflows: the result must still be finite and exact).
    """
    raise NotImplementedError("softmax")


def log_softmax(z):
    """log(softmax(z)) over the last axis, computed without ever forming softmax(z).

    z: (K,) or (m, K).  Returns: the same shape.
    Tested: a batch, a 1-D z, logits around +-1000, and a row whose smallest probability
    underflows to 0 (its log must stay finite).
    """
    raise NotImplementedError("log_softmax")


def categorical_cross_entropy(y_onehot, p):
    """Cross-entropy of predicted probabilities against one-hot labels: the sum over classes,
    then the mean over examples (as Keras computes it).

    Probabilities are clipped to [1e-7, 1 - 1e-7] first, like Keras, so a probability of exactly
    0 gives a large but finite loss.  Labels come first: loss(y_true, y_pred).
    y_onehot: (m, K) or (K,).  p: the same shape, rows summing to 1.  Returns: float.
    Tested: a batch, a batch of one, a 1-D example, a probability of exactly 0, and 10 classes.
    """
    raise NotImplementedError("categorical_cross_entropy")


def sparse_categorical_cross_entropy(y, logits):
    """Cross-entropy from integer labels and logits (Keras ``from_logits=True``), mean over examples.

    y: (m,) integer class ids (shape (m, 1) is accepted too).  logits: (m, K).  Returns: float.
    Tested: a batch, a batch of one, labels 0 and K-1, labels of shape (m, 1), and huge logits
    where the true class is far below the max (the loss must stay finite).
    """
    raise NotImplementedError("sparse_categorical_cross_entropy")


def binary_cross_entropy(y, p):
    """Binary cross-entropy of probabilities, mean over the examples.

    Probabilities are clipped to [1e-7, 1 - 1e-7] like Keras.  Labels come first.
    y, p: the same shape, (m,) or (m, 1).  Returns: float.
    Tested: a batch, column vectors, probabilities of exactly 0 and 1, a batch of one, all-negative labels.
    """
    raise NotImplementedError("binary_cross_entropy")


def binary_cross_entropy_from_logits(y, z):
    """Binary cross-entropy from logits (Keras ``from_logits=True``), mean over the examples,
    stable for any z.

    y, z: the same shape, (m,) or (m, 1).  Returns: float.
    Tested: a batch, |z| = 1000 of both signs (no inf, no NaN), confidently wrong logits
    (z = +-40: the loss is about 40, not capped), column vectors, and z exactly 0 (log 2).
    """
    raise NotImplementedError("binary_cross_entropy_from_logits")


def mse(y, y_hat):
    """Mean squared error over all elements (no 1/2, no square root).  Returns: float."""
    raise NotImplementedError("mse")


def mae(y, y_hat):
    """Mean absolute error over all elements.  Returns: float."""
    raise NotImplementedError("mae")
