"""Activation functions and their derivatives.

Each activation g maps a pre-activation z (any shape) elementwise to g(z); each ``*_prime``
gives dg/dz at z, the factor backpropagation multiplies by.
"""

import numpy as np


def sigmoid(z):
    """The logistic function g(z), elementwise, with values in (0, 1).

    z: any shape (or a number).  Returns: the same shape.
    Tested: z = 0 gives 0.5, and huge |z| (z = +-1000) must give 0 and 1, never NaN or an overflow.

    How:
    The logistic function g(z) = 1 / (1 + exp(-z)), in (0, 1).

    Computed as exp(z) / (1 + exp(z)) where z < 0, so exp never overflows for large |z|.

    z: any shape.  Returns: same shape.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # <= 1 always
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def step(z):
    """The perceptron's step function: 1.0 where z >= 0, else 0.0.

    z: any shape.  Returns: float array of the same shape.
    """
    return (np.asarray(z, dtype=float) >= 0).astype(float)


def sigmoid_prime(z):
    """The derivative of the sigmoid with respect to z, elementwise: 0.25 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation.
    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, z = +-1000 (no NaN), and a gradient check.

    How:
    d sigmoid / dz = s (1 - s) with s = sigmoid(z): 0.25 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation: compute s = sigmoid(z) first (stably: no NaN at z = -1000).

    z: any shape.  Returns: same shape.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z), elementwise, in (-1, 1); tanh(0) = 0.

    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, and z = +-1000 (no overflow to NaN).

    How:
    tanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z)), in (-1, 1); tanh(0) = 0.

    The formula as written overflows to inf/inf for |z| around 1000; np.tanh does not.

    z: any shape.  Returns: same shape.
    """
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    """The derivative of tanh with respect to z, elementwise: 1 at z = 0, about 0 for |z| >= 10.

    Takes z, not the activation.
    z: any shape.  Returns: the same shape.
    Tested: the notes' points, a batch, z = +-1000, and a gradient check against your tanh.

    How:
    d tanh / dz = 1 - tanh(z)**2: 1 at z = 0, about 0 for |z| >= 10.

    z: any shape.  Returns: same shape.
    """
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    """ReLU: max(0, z), elementwise.

    z: any shape.  Returns: same shape.
    """
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z):
    """d relu / dz: 1 where z > 0, else 0 (we take 0 at the kink z = 0, like most frameworks).

    z: any shape.  Returns: float array of the same shape.
    """
    return (np.asarray(z, dtype=float) > 0).astype(float)


def leaky_relu(z, alpha=0.1):
    """Leaky ReLU: z where z > 0, alpha * z elsewhere (the notes' max(0.1 z, z) for alpha = 0.1).

    z: any shape; alpha: the slope for negative z.  Returns: same shape.
    """
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_prime(z, alpha=0.1):
    """d leaky_relu / dz: 1 where z > 0, alpha elsewhere (alpha at z = 0, like TensorFlow).

    z: any shape; alpha: the slope for negative z.  Returns: float array of the same shape.
    """
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, alpha)
