"""exercise2: Derivatives and computation graphs.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise2

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def numerical_derivative(f, x, eps=0.0001, method='central'):
    """The slope of a one-variable function f at x, by finite differences.

    method="central" (the default) nudges x both ways, its error shrinks like eps**2;
    method="forward" is the notes' one-sided nudge, its error shrinks like eps.

    f: a function of one number.  x: a number.  eps: the nudge.  Returns: the estimate, a number.
    Tested: the notes' table (w**2, w**3, w, 1/w at w = 2), both methods, and how the error shrinks
    when eps is halved.
    """
    raise NotImplementedError("numerical_derivative")


def numerical_gradient(f, x, eps=1e-05):
    """The gradient of a scalar function of an array, by central differences, one coordinate at a time.

    f: array of x's shape -> number.  x: any shape.  eps: the nudge.
    Returns: an array of x's shape.  x itself must be left exactly as it was (nudge a copy).
    Tested: vectors, a (3, 2) matrix, x of size one, and functions whose coordinates interact.
    """
    raise NotImplementedError("numerical_gradient")


def graph_J(a, b, c):
    """J = 3 (a + b c) and its derivatives, by a forward and a backward pass on the graph
    u = b c,  v = a + u,  J = 3 v.

    a, b, c: numbers.  Returns: (J, dJ_da, dJ_db, dJ_dc), numbers.
    At a = 5, b = 3, c = 2 (the notes' graph): (33, 3, 6, 9).
    Tested: the notes' point, a = 0, b and c of different signs, and your derivatives against
    nudges of your own J.
    """
    raise NotImplementedError("graph_J")


def graph_e(a, b):
    """e = (a + b)(b + 1) and its derivatives, on the graph c = a + b, d = b + 1, e = c d.

    a, b: numbers.  Returns: (e, de_da, de_db), numbers.
    At a = 2, b = 1: (6, 2, 5).
    Tested: the slides' point, b = -1 (d = 0), and your derivatives against nudges of your own e.
    """
    raise NotImplementedError("graph_e")


def sigmoid_prime(z):
    """The derivative of the sigmoid with respect to z, elementwise: 0.25 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation.
    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, z = +-1000 (no NaN), and a gradient check.
    """
    raise NotImplementedError("sigmoid_prime")


def tanh(z):
    """tanh(z), elementwise, in (-1, 1); tanh(0) = 0.

    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, and z = +-1000 (no overflow to NaN).
    """
    raise NotImplementedError("tanh")


def tanh_prime(z):
    """The derivative of tanh with respect to z, elementwise: 1 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation.
    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, z = +-1000, and a gradient check against your tanh.
    """
    raise NotImplementedError("tanh_prime")


def relu(z):
    """ReLU: max(0, z), elementwise.

    z: any shape.  Returns: same shape.
    """
    raise NotImplementedError("relu")


def relu_prime(z):
    """d relu / dz: 1 where z > 0, else 0 (we take 0 at the kink z = 0, like most frameworks).

    z: any shape.  Returns: float array of the same shape.
    """
    raise NotImplementedError("relu_prime")


def leaky_relu(z, alpha=0.1):
    """Leaky ReLU: z where z > 0, alpha * z elsewhere (the notes' max(0.1 z, z) for alpha = 0.1).

    z: any shape; alpha: the slope for negative z.  Returns: same shape.
    """
    raise NotImplementedError("leaky_relu")


def leaky_relu_prime(z, alpha=0.1):
    """d leaky_relu / dz: 1 where z > 0, alpha elsewhere (alpha at z = 0, like TensorFlow).

    z: any shape; alpha: the slope for negative z.  Returns: float array of the same shape.
    """
    raise NotImplementedError("leaky_relu_prime")
