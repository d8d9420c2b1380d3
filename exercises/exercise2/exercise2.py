"""exercise2: Derivatives and computation graphs.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise2

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def numerical_derivative(f, x, eps=0.0001, method='central'):
    """The slope of a one-variable function f at x, by finite differences.

    method="central": (f(x + eps) - f(x - eps)) / (2 * eps), error shrinks like eps**2.
    method="forward": (f(x + eps) - f(x)) / eps, the notes' nudge; error shrinks like eps.

    f: a function of one number (it may also work elementwise on arrays).
    x: a number.  Returns: the derivative estimate, a number.

    Example: numerical_derivative(lambda w: w**2, 2.0, eps=0.001, method="forward") gives
    (4.004001 - 4) / 0.001 = 4.001; the central difference gives 4.0.
    """
    raise NotImplementedError("numerical_derivative")


def numerical_gradient(f, x, eps=1e-05):
    """The gradient of a scalar function of an array, one coordinate at a time.

    grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 * eps), where e_i is 1 at index i and 0
    elsewhere (central differences). x itself is never modified: the nudges are made on a copy.

    f: array of x's shape -> number.  x: any shape.  Returns: an array of x's shape.
    """
    raise NotImplementedError("numerical_gradient")


def graph_J(a, b, c):
    """J = 3 (a + b c) and its derivatives, by a forward and a backward pass on the graph.

    forward:   u = b c,   v = a + u,   J = 3 v
    backward:  start at dJ/dv = 3 and walk back to a, b and c, multiplying each step's local
               derivative (chain rule): dJ/da = dJ/dv * dv/da, dJ/db = dJ/dv * dv/du * du/db, ...

    a, b, c: numbers.  Returns: (J, dJ_da, dJ_db, dJ_dc), numbers.
    At a = 5, b = 3, c = 2 (the notes' graph): (33, 3, 6, 9).
    """
    raise NotImplementedError("graph_J")


def graph_e(a, b):
    """e = (a + b)(b + 1) and its derivatives, on the graph c = a + b, d = b + 1, e = c d.

    backward:  de/dc and de/dd by the product rule, then back to a and b by the chain rule.
               b reaches e by two paths (through c and through d): add their contributions.

    a, b: numbers.  Returns: (e, de_da, de_db), numbers.
    At a = 2, b = 1: c = 3, d = 2, so (6, 2, 5).
    """
    raise NotImplementedError("graph_e")


def sigmoid_prime(z):
    """d sigmoid / dz = s (1 - s) with s = sigmoid(z): 0.25 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation: compute s = sigmoid(z) first (stably: no NaN at z = -1000).

    z: any shape.  Returns: same shape.
    """
    raise NotImplementedError("sigmoid_prime")


def tanh(z):
    """tanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z)), in (-1, 1); tanh(0) = 0.

    The formula as written overflows to inf/inf for |z| around 1000; np.tanh does not.

    z: any shape.  Returns: same shape.
    """
    raise NotImplementedError("tanh")


def tanh_prime(z):
    """d tanh / dz = 1 - tanh(z)**2: 1 at z = 0, about 0 for |z| >= 10.

    z: any shape.  Returns: same shape.
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
