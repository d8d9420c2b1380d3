"""exercise1: Neurons and logic gates.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise1

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def sigmoid(z):
    """The logistic function g(z), elementwise, with values in (0, 1).

    z: any shape (or a number).  Returns: the same shape.
    Tested: z = 0 gives 0.5, and huge |z| (z = +-1000) must give 0 and 1, never NaN or an overflow.
    """
    raise NotImplementedError("sigmoid")


def step(z):
    """The perceptron's step function: 1.0 where z >= 0, else 0.0.

    z: any shape.  Returns: float array of the same shape.
    """
    raise NotImplementedError("step")


def neuron(x, w, b, activation='sigmoid'):
    """One neuron: a = g(x . w + b).

    x: (n,) one example, or (m, n) a batch of examples (rows).
    w: (n,) weights.  b: a float, the bias.
    activation: "sigmoid" (default), "step", "relu" or "linear".
    Returns: a float for one example, (m,) for a batch.

    Example (the notes' OR gate): neuron([0, 1], [2, 2], -1) = sigmoid(1) = 0.731.
    """
    raise NotImplementedError("neuron")


def gate_weights(name):
    """Weights (w, b) that make one sigmoid neuron the logic gate ``name``.

    name: "and", "or", "nand" or "nor".
    Returns: (w, b) with w of shape (2,) and b a float, such that for every row x of the
    truth table sigmoid(x . w + b) is clearly on the right side of 0.5 (at most 0.4 for an
    output of 0, at least 0.6 for an output of 1; the notes' weights give 0.27 and 0.73).

    The notes write a gate as z = w0 + w1*x1 + w2*x2, so b is their w0 and w is [w1, w2].
    Weights are not unique: any (w, b) with a clear margin on the truth table is right.
    """
    raise NotImplementedError("gate_weights")


def dense(a_in, W, b, activation='sigmoid'):
    """A dense (fully connected) layer: a_out = g(a_in @ W + b), like a Keras ``Dense``.

    a_in: (m, n_in) a batch (rows are examples), or (n_in,) one example.
    W: (n_in, n_out), column j holds the weights of unit j.  b: (n_out,).
    activation: "sigmoid" (default), "relu", "linear" or "step".
    Returns: (m, n_out), or (n_out,) for one example.
    Tested: square W (columns are units, not rows), a batch of one, and step with z exactly 0.
    """
    raise NotImplementedError("dense")


def xor_network(x):
    """XOR from two layers of gates: XOR(x1, x2) = NOR(NOR(x1, x2), AND(x1, x2)).

    Layer 1 has two units, NOR and AND; layer 2 is one NOR unit.
    x: (m, 2) rows of 0/1 inputs (integers are accepted).  Returns: (m,) predictions, each 0.0 or 1.0.
    Careful: with sigmoid hidden units and the notes' weights as written, (0, 1) and (1, 0) come
    out wrong; the instructions ask you to find out why, and how to fix it.
    """
    raise NotImplementedError("xor_network")


def perceptron_train(X, y, lr=1.0, epochs=10):
    """Train a perceptron with the perceptron rule (the notes' update); return its weights (w, b).

    Start from w = 0 and b = 0, go through the examples in order, one update per example
    (not one per epoch), for ``epochs`` passes. The prediction is step(z) with step(0) = 1, so
    the very first prediction is 1.

    X: (m, n) examples as rows.  y: (m,) targets, 0 or 1 (integers are accepted).
    lr: learning rate, scales every update.  epochs: passes over the data.
    Returns: (w, b) with w of shape (n,) and b a float.
    Tested: AND and OR from the truth table, one epoch, lr = 0.5, and random separable sets.
    """
    raise NotImplementedError("perceptron_train")
