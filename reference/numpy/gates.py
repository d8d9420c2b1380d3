"""Neurons, dense layers and logic gates; XOR from two layers of gates; the perceptron rule.

A neuron computes a weighted sum plus a bias and passes it through an activation g:

    z = x . w + b          a = g(z)

With g = sigmoid and the decision rule "1 if a >= 0.5" (equivalently z >= 0), one neuron is
logistic regression, and the right (w, b) make it an AND, OR, NAND or NOR gate. XOR is not
linearly separable, so it needs two layers: XOR(x1, x2) = NOR(NOR(x1, x2), AND(x1, x2)).

Conventions: float64; examples are rows (x is (m, n)); a layer's W is (n_in, n_out) and b is
(n_out,), exactly a Keras ``Dense`` kernel and bias. ``sigmoid`` and ``step`` come from
``reference.numpy.activations``.
"""

import numpy as np

from reference.numpy.activations import relu, sigmoid, step

__all__ = ["sigmoid", "step", "neuron", "gate_weights", "dense", "xor_network", "perceptron_train"]

# The NPTEL notes' logistic-regression gates: z = w0 + w1*x1 + w2*x2, here (w, b) = ([w1, w2], w0).
_GATES = {
    "or": ((2.0, 2.0), -1.0),
    "and": ((2.0, 2.0), -3.0),
    "nand": ((-2.0, -2.0), 3.0),
    "nor": ((-2.0, -2.0), 1.0),
}


def _linear(z):
    return np.asarray(z, dtype=float)


_ACTIVATIONS = {"sigmoid": sigmoid, "relu": relu, "linear": _linear, "step": step}


def _activation(name):
    """The activation function called ``name`` ("sigmoid", "relu", "linear" or "step")."""
    try:
        return _ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}: use one of {sorted(_ACTIVATIONS)}") from None


def neuron(x, w, b, activation="sigmoid"):
    """One neuron: a = g(x . w + b).

    x: (n,) one example, or (m, n) a batch of examples (rows).
    w: (n,) weights.  b: a float, the bias.
    activation: "sigmoid" (default), "step", "relu" or "linear".
    Returns: a float for one example, (m,) for a batch.

    Example (the notes' OR gate): neuron([0, 1], [2, 2], -1) = sigmoid(1) = 0.731.
    """
    z = np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b
    return _activation(activation)(z)


def gate_weights(name):
    """Weights (w, b) that make one sigmoid neuron the logic gate ``name``.

    name: "and", "or", "nand" or "nor".
    Returns: (w, b) with w of shape (2,) and b a float, such that for every row x of the
    truth table sigmoid(x . w + b) is clearly on the right side of 0.5 (at most 0.4 for an
    output of 0, at least 0.6 for an output of 1; the notes' weights give 0.27 and 0.73).

    The notes write a gate as z = w0 + w1*x1 + w2*x2, so b is their w0 and w is [w1, w2].
    Weights are not unique: any (w, b) with a clear margin on the truth table is right.
    """
    try:
        w, b = _GATES[name]
    except KeyError:
        raise ValueError(f"unknown gate {name!r}: use one of {sorted(_GATES)}") from None
    return np.array(w), float(b)


def dense(a_in, W, b, activation="sigmoid"):
    """A dense (fully connected) layer: a_out = g(a_in @ W + b), like a Keras ``Dense``.

    a_in: (m, n_in) a batch (rows are examples), or (n_in,) one example.
    W: (n_in, n_out), column j holds the weights of unit j.  b: (n_out,).
    activation: "sigmoid" (default), "relu", "linear" or "step".
    Returns: (m, n_out), or (n_out,) for one example.
    Tested: square W (columns are units, not rows), a batch of one, and step with z exactly 0.

    How:
    A dense (fully connected) layer: a_out = g(a_in @ W + b), like a Keras ``Dense``.

    a_in: (m, n_in) a batch (rows are examples), or (n_in,) one example.
    W: (n_in, n_out), column j holds the weights of unit j.  b: (n_out,).
    activation: "sigmoid" (default), "relu", "linear" or "step".
    Returns: (m, n_out), or (n_out,) for one example.

    The notes' loop version computes unit j as g(np.dot(W[:, j], a_in) + b[j]); the matrix
    product does all units (and all examples) at once.
    """
    z = np.asarray(a_in, dtype=float) @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)
    return _activation(activation)(z)


def xor_network(x):
    """XOR from two layers of gates: XOR(x1, x2) = NOR(NOR(x1, x2), AND(x1, x2)).

    Layer 1 has two units, NOR and AND; layer 2 is one NOR unit.
    x: (m, 2) rows of 0/1 inputs (integers are accepted).  Returns: (m,) predictions, each 0.0 or 1.0.
    Careful: with sigmoid hidden units and the notes' weights as written, (0, 1) and (1, 0) come
    out wrong; the instructions ask you to find out why, and how to fix it.

    How:
    XOR from two layers of gates: XOR(x1, x2) = NOR(NOR(x1, x2), AND(x1, x2)).

    Layer 1 has two units, NOR and AND (W1 (2, 2), b1 (2,)); layer 2 is one NOR unit.
    x: (m, 2) rows of 0/1 inputs.  Returns: (m,) predictions, each 0.0 or 1.0.

    With sigmoid hidden units and the notes' weights as written, the hidden outputs are not
    0/1 (sigmoid(1) = 0.73, sigmoid(-1) = 0.27) and the output layer sees 0.364 and 0.481:
    (0, 1) and (1, 0) come out as 0. Here the hidden layer is thresholded (step), so layer 2
    gets exact 0/1 inputs; scaling all weights by 5 or 10 works as well.
    """
    w_nor, b_nor = gate_weights("nor")
    w_and, b_and = gate_weights("and")
    W1 = np.column_stack([w_nor, w_and])  # (2, 2): column 0 is NOR, column 1 is AND
    b1 = np.array([b_nor, b_and])
    hidden = dense(x, W1, b1, activation="step")  # thresholded: exact 0/1
    out = neuron(hidden, w_nor, b_nor, activation="sigmoid")
    return (out >= 0.5).astype(float)


def perceptron_train(X, y, lr=1.0, epochs=10):
    """Train a perceptron with the perceptron rule (the notes' update); return its weights (w, b).

    Start from w = 0 and b = 0, go through the examples in order, one update per example
    (not one per epoch), for ``epochs`` passes. The prediction is step(z) with step(0) = 1, so
    the very first prediction is 1.

    X: (m, n) examples as rows.  y: (m,) targets, 0 or 1 (integers are accepted).
    lr: learning rate, scales every update.  epochs: passes over the data.
    Returns: (w, b) with w of shape (n,) and b a float.
    Tested: AND and OR from the truth table, one epoch, lr = 0.5, and random separable sets.

    How:
    Train a perceptron with the perceptron rule; return its weights (w, b).

    Start from w = 0, b = 0. For each epoch, go through the examples in order; for each
    example x with target t:

        predicted = step(x . w + b)          (1 if z >= 0, so the very first prediction is 1)
        w = w + lr * (t - predicted) * x
        b = b + lr * (t - predicted)

    Correct predictions change nothing (t - predicted = 0).

    X: (m, n) examples as rows.  y: (m,) targets, 0 or 1.  lr: learning rate.  epochs: passes.
    Returns: (w, b) with w of shape (n,) and b a float.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for x_i, target in zip(X, y, strict=True):
            error = target - float(step(x_i @ w + b))
            w = w + lr * error * x_i
            b = b + lr * error
    return w, float(b)
