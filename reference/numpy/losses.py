"""Softmax and the losses of classification and regression, from scratch.

Conventions (Keras's, so these match ``keras.losses`` and ``reference.tf.losses``):
examples are rows; every loss takes the labels first, ``loss(y_true, y_pred)``, and returns
the mean over examples as a float.
"""

import numpy as np

EPSILON = 1e-7  # keras.backend.epsilon(): probabilities are clipped to [EPSILON, 1 - EPSILON]


def softmax(z):
    """Softmax over the last axis: each row becomes probabilities (positive, summing to 1).

    z: (K,) one example or (m, K) logits, one row per example.  Returns: the same shape.
    Tested: rows (not columns) of a square batch, a 1-D z, a batch of one, and logits around
    +-1000 (exp(1000) overflows: the result must still be finite and exact).

    How:
    Softmax over the last axis.

        softmax(z)_j = exp(z_j) / sum_k exp(z_k)

    Subtracting max(z) first changes nothing mathematically (the factor exp(-max) cancels)
    but keeps exp from overflowing: with logits near 1000, exp(1000) is inf and inf/inf is NaN.

    z: (K,) or (m, K) logits.  Returns: same shape, each row positive and summing to 1.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    """log(softmax(z)) over the last axis, computed without ever forming softmax(z).

    z: (K,) or (m, K).  Returns: the same shape.
    Tested: a batch, a 1-D z, logits around +-1000, and a row whose smallest probability
    underflows to 0 (its log must stay finite).

    How:
    log(softmax(z)) over the last axis, computed without ever forming softmax(z).

        log_softmax(z)_j = (z_j - max z) - log sum_k exp(z_k - max z)

    log(softmax(z)) would give log(0) = -inf where a probability underflows; this stays finite.

    z: (K,) or (m, K).  Returns: same shape.
    """
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def categorical_cross_entropy(y_onehot, p):
    """Cross-entropy of predicted probabilities against one-hot labels: the sum over classes,
    then the mean over examples (as Keras computes it).

    Probabilities are clipped to [1e-7, 1 - 1e-7] first, like Keras, so a probability of exactly
    0 gives a large but finite loss.  Labels come first: loss(y_true, y_pred).
    y_onehot: (m, K) or (K,).  p: the same shape, rows summing to 1.  Returns: float.
    Tested: a batch, a batch of one, a 1-D example, a probability of exactly 0, and 10 classes.

    How:
    Cross-entropy of predicted probabilities against one-hot labels, mean over examples.

        L = -(1/m) sum_i sum_j y_ij log(clip(p_ij, eps, 1 - eps))

    Clipping (as Keras does) keeps log(0) out when a probability is exactly 0.

    y_onehot: (m, K) or (K,).  p: same shape, rows summing to 1.  Returns: float.
    """
    y = np.asarray(y_onehot, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1.0 - EPSILON)
    per_example = -np.sum(y * np.log(p), axis=-1)
    return float(np.mean(per_example))


def sparse_categorical_cross_entropy(y, logits):
    """Cross-entropy from integer labels and logits (Keras ``from_logits=True``), mean over examples.

    y: (m,) integer class ids (shape (m, 1) is accepted too).  logits: (m, K).  Returns: float.
    Tested: a batch, a batch of one, labels 0 and K-1, labels of shape (m, 1), and huge logits
    where the true class is far below the max (the loss must stay finite).

    How:
    Cross-entropy from integer labels and logits (Keras ``from_logits=True``), mean over examples.

        L = -(1/m) sum_i log_softmax(z_i)[y_i]

    y: (m,) integer class ids.  logits: (m, K).  Returns: float.
    """
    y = np.asarray(y).astype(int).reshape(-1)
    log_p = log_softmax(np.asarray(logits, dtype=float).reshape(len(y), -1))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def binary_cross_entropy(y, p):
    """Binary cross-entropy of probabilities, mean over the examples.

    Probabilities are clipped to [1e-7, 1 - 1e-7] like Keras.  Labels come first.
    y, p: the same shape, (m,) or (m, 1).  Returns: float.
    Tested: a batch, column vectors, probabilities of exactly 0 and 1, a batch of one, all-negative labels.

    How:
    Binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7] like Keras.

        L = -mean( y log p + (1 - y) log(1 - p) )

    y, p: same shape, (m,) or (m, 1).  Returns: float.
    """
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1.0 - EPSILON)
    return float(np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))))


def binary_cross_entropy_from_logits(y, z):
    """Binary cross-entropy from logits (Keras ``from_logits=True``), mean over the examples,
    stable for any z.

    y, z: the same shape, (m,) or (m, 1).  Returns: float.
    Tested: a batch, |z| = 1000 of both signs (no inf, no NaN), confidently wrong logits
    (z = +-40: the loss is about 40, not capped), column vectors, and z exactly 0 (log 2).

    How:
    Binary cross-entropy from logits, stable for any z.

        L = mean( max(z, 0) - z*y + log(1 + exp(-|z|)) )

    which equals -[y log sigmoid(z) + (1-y) log(1 - sigmoid(z))] but never takes log(0)
    and never overflows exp (its argument is always <= 0).

    y, z: same shape.  Returns: float.
    """
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def mse(y, y_hat):
    """Mean squared error over all elements (no 1/2, no square root).  Returns: float.

    How:
    Mean squared error: mean((y - y_hat)^2) over all elements.  Returns: float.
    """
    diff = np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)
    return float(np.mean(diff**2))


def mae(y, y_hat):
    """Mean absolute error over all elements.  Returns: float.

    How:
    Mean absolute error: mean(|y - y_hat|) over all elements.  Returns: float.
    """
    diff = np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)
    return float(np.mean(np.abs(diff)))
