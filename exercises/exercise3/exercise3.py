"""exercise3: Softmax and losses.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise3

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def softmax(z):
    """Softmax over the last axis.

        softmax(z)_j = exp(z_j) / sum_k exp(z_k)

    Subtracting max(z) first changes nothing mathematically (the factor exp(-max) cancels)
    but keeps exp from overflowing: with logits near 1000, exp(1000) is inf and inf/inf is NaN.

    z: (K,) or (m, K) logits.  Returns: same shape, each row positive and summing to 1.
    """
    raise NotImplementedError("softmax")


def log_softmax(z):
    """log(softmax(z)) over the last axis, computed without ever forming softmax(z).

        log_softmax(z)_j = (z_j - max z) - log sum_k exp(z_k - max z)

    log(softmax(z)) would give log(0) = -inf where a probability underflows; this stays finite.

    z: (K,) or (m, K).  Returns: same shape.
    """
    raise NotImplementedError("log_softmax")


def categorical_cross_entropy(y_onehot, p):
    """Cross-entropy of predicted probabilities against one-hot labels, mean over examples.

        L = -(1/m) sum_i sum_j y_ij log(clip(p_ij, eps, 1 - eps))

    Clipping (as Keras does) keeps log(0) out when a probability is exactly 0.

    y_onehot: (m, K) or (K,).  p: same shape, rows summing to 1.  Returns: float.
    """
    raise NotImplementedError("categorical_cross_entropy")


def sparse_categorical_cross_entropy(y, logits):
    """Cross-entropy from integer labels and logits (Keras ``from_logits=True``), mean over examples.

        L = -(1/m) sum_i log_softmax(z_i)[y_i]

    y: (m,) integer class ids.  logits: (m, K).  Returns: float.
    """
    raise NotImplementedError("sparse_categorical_cross_entropy")


def binary_cross_entropy(y, p):
    """Binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7] like Keras.

        L = -mean( y log p + (1 - y) log(1 - p) )

    y, p: same shape, (m,) or (m, 1).  Returns: float.
    """
    raise NotImplementedError("binary_cross_entropy")


def binary_cross_entropy_from_logits(y, z):
    """Binary cross-entropy from logits, stable for any z.

        L = mean( max(z, 0) - z*y + log(1 + exp(-|z|)) )

    which equals -[y log sigmoid(z) + (1-y) log(1 - sigmoid(z))] but never takes log(0)
    and never overflows exp (its argument is always <= 0).

    y, z: same shape.  Returns: float.
    """
    raise NotImplementedError("binary_cross_entropy_from_logits")


def mse(y, y_hat):
    """Mean squared error: mean((y - y_hat)^2) over all elements.  Returns: float."""
    raise NotImplementedError("mse")


def mae(y, y_hat):
    """Mean absolute error: mean(|y - y_hat|) over all elements.  Returns: float."""
    raise NotImplementedError("mae")
