"""Multi-label classification: K independent yes/no questions about each example.

The notes' example (000 and 001 "multi-label classification"): in a picture of a street, is
there a car? a bus? a pedestrian? Several answers can be yes at once, so the output layer has K
sigmoid units, one binary classifier per label, and not a softmax (whose K probabilities
compete and sum to 1: right for "which one of K classes", wrong for "which of K labels").

The network outputs logits z (m, K); label k of example i is predicted as 1 when
sigmoid(z_ik) reaches the threshold. The loss is binary cross-entropy from logits on every
entry, averaged like Keras's ``BinaryCrossentropy(from_logits=True)`` on an (m, K) batch:
over the K labels of an example, then over the m examples (so over all m K entries).
"""

import numpy as np

from reference.numpy import activations


def multilabel_loss_and_grads(logits, Y):
    """Mean binary cross-entropy from logits over all labels of all examples, and its gradient.

    For one entry with logit z and target y in {0, 1}, with p = sigmoid(z):

        loss(z, y) = -y log p - (1 - y) log(1 - p)
                   = max(z, 0) - z y + log(1 + exp(-|z|))      (stable: no overflow, no log 0)
        d loss / dz = p - y

    J = (1/m) sum_i (1/K) sum_k loss(z_ik, y_ik): the mean over the K labels, then over the m
    examples, as Keras averages. Each entry of dJ/dlogits therefore carries the factor 1/(m K).

    logits: (m, K).  Y: (m, K) of 0s and 1s (several 1s per row are allowed).
    Returns: (loss, dlogits) with loss a float and dlogits (m, K).
    """
    z = np.asarray(logits, dtype=float)
    Y = np.asarray(Y, dtype=float)
    per_entry = np.maximum(z, 0.0) - z * Y + np.log1p(np.exp(-np.abs(z)))
    loss = float(np.mean(per_entry))
    dlogits = (activations.sigmoid(z) - Y) / z.size
    return loss, dlogits


def multilabel_predict(logits, threshold=0.5):
    """The 0/1 prediction of every label: 1 where sigmoid(logit) >= threshold.

    Each label is decided on its own (no argmax, no softmax): a row may have no 1 at all or
    several. With threshold 0.5 this is the same as logit >= 0.

    logits: (m, K).  threshold: float in (0, 1).  Returns: (m, K) int array of 0s and 1s.
    """
    return (activations.sigmoid(logits) >= threshold).astype(np.int64)
