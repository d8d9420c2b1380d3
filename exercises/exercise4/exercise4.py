"""exercise4: Forward and backward propagation.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise4

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def dense_forward(x, W, b):
    """Forward pass of a fully connected (dense) layer, Keras's Dense layout (see exercise1's dense).

    x: (m, n_in) inputs, one example per row.  W: (n_in, n_out).  b: (n_out,).
    Returns: (out, cache) with out of shape (m, n_out); cache holds what dense_backward needs.
    """
    raise NotImplementedError("dense_forward")


def dense_backward(dout, cache):
    """Backward pass of a dense layer: the gradients of the loss with respect to x, W and b.

    dout: dL/d out, of shape (m, n_out).  cache: from dense_forward.
    Returns: (dx, dW, db) with the shapes of x (m, n_in), W (n_in, n_out) and b (n_out,).
    Derive them yourself (the instructions walk through it); tested against the reference and by
    a gradient check, with non-square W and a batch of one.
    """
    raise NotImplementedError("dense_backward")


def relu_forward(x):
    """Forward pass of a ReLU layer: out = max(0, x), elementwise.

    x: any shape.  Returns: (out, cache), out of x's shape.
    """
    raise NotImplementedError("relu_forward")


def relu_backward(dout, cache):
    """Backward pass of ReLU: the gradient with respect to the layer's input.

    dout: the upstream gradient, x's shape.  cache: from relu_forward.
    Returns: dx, of dout's shape.  At the kink x = 0 the derivative is 0 (like relu_prime).
    Tested: against the reference, inputs with exact zeros, and a gradient check.
    """
    raise NotImplementedError("relu_backward")


def sigmoid_forward(x):
    """Forward pass of a sigmoid layer, elementwise and stable (see exercise1's sigmoid).

    x: any shape.  Returns: (out, cache), out of x's shape.  Tested: |x| = 1000 gives no NaN.
    """
    raise NotImplementedError("sigmoid_forward")


def sigmoid_backward(dout, cache):
    """Backward pass of a sigmoid layer: the gradient with respect to the layer's input.

    dout: the upstream gradient, x's shape.  cache: from sigmoid_forward.
    Returns: dx, of dout's shape.  Tested: against the reference and by a gradient check.
    """
    raise NotImplementedError("sigmoid_backward")


def softmax_cross_entropy(logits, y):
    """Softmax cross-entropy from logits and integer labels, mean over the batch, and its gradient
    with respect to the logits.

    logits: (m, K).  y: (m,) integer class ids in 0..K-1.  Note the order: logits first (the
    CS231n layer API), unlike exercise3's Keras-style losses.
    Returns: (loss, dlogits) with loss a float and dlogits of shape (m, K).
    Tested: against the reference, huge logits, a batch of one, and a gradient check.
    """
    raise NotImplementedError("softmax_cross_entropy")


def bce_with_logits(z, y):
    """Binary cross-entropy from logits, mean over all elements, and its gradient with respect to z.

    z: (m,) or (m, 1) logits.  y: 0/1 labels with z's number of elements.
    Returns: (loss, dz) with loss a float and dz of z's shape (the mean brings a 1/m into dz).
    Tested: both shapes, |z| = 1000, z exactly 0, and a gradient check against your loss.
    """
    raise NotImplementedError("bce_with_logits")


def mlp_forward(X, params):
    """Forward pass of a multi-layer perceptron: ReLU hidden layers, a linear output layer (logits).

    X: (m, n).  params: {"W1", "b1", ..., "WL", "bL"}, W_l of shape (n_{l-1}, n_l); L is however
    many layers params holds (one layer means no ReLU at all).
    Returns: logits of shape (m, n_L).
    Tested: one, two and three layers, and the notes' 64 -> 25 -> 15 -> 10 digits net.
    """
    raise NotImplementedError("mlp_forward")


def mlp_loss_and_grads(X, y, params):
    """Softmax cross-entropy loss of the MLP (mean over the batch, integer labels, no
    regularization) and its gradient for every parameter.

    X: (m, n).  y: (m,) integer labels.  params: as in mlp_forward.
    Returns: (loss, grads) with grads = {"W1": ..., "b1": ..., ...}: the params' keys, each
    gradient of its parameter's shape.
    Tested: against the reference, equal layer widths, a batch of one, and a gradient check of
    every parameter against your own loss.
    """
    raise NotImplementedError("mlp_loss_and_grads")


def gradient_check(f, x, analytic_grad, eps=1e-05):
    """Compare an analytic gradient with centred finite differences of f; return the relative error
    max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|) over every element i.

    Below about 1e-7 the gradient is right; above about 1e-4 it is wrong (see the instructions).
    f: array -> float.  x: array of any shape (not modified).  analytic_grad: x's shape.
    Returns: the relative error, a float.
    Tested: right gradients, a wrong factor, a wrong sign, a transposed gradient, one wrong
    coordinate, and coordinates where the gradient is 0.
    """
    raise NotImplementedError("gradient_check")
