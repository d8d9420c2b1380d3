"""exercise4: Forward and backward propagation.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise4

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def dense_forward(x, W, b):
    """Forward pass of a fully connected (dense) layer: out = x @ W + b.

    x: (m, n_in) inputs, one example per row.  W: (n_in, n_out).  b: (n_out,).
    Returns: (out, cache) with out of shape (m, n_out); cache holds what dense_backward needs.
    """
    raise NotImplementedError("dense_forward")


def dense_backward(dout, cache):
    """Backward pass of a dense layer.

    With out = x @ W + b and dout = dL/d out of shape (m, n_out):

        dx = dout @ W.T          (m, n_in)     each input feeds every output through W
        dW = x.T @ dout          (n_in, n_out) the same shape as W: sums over the batch
        db = sum(dout, axis=0)   (n_out,)      b is added to every example, so its gradient
                                               sums over the batch (no 1/m here)

    Returns: (dx, dW, db).
    """
    raise NotImplementedError("dense_backward")


def relu_forward(x):
    """Forward pass of a ReLU layer: out = max(0, x), elementwise.

    x: any shape.  Returns: (out, cache), out of x's shape.
    """
    raise NotImplementedError("relu_forward")


def relu_backward(dout, cache):
    """Backward pass of ReLU: the gradient flows where the input was positive, elsewhere it stops.

        dx = dout * (x > 0)     (derivative 0 at the kink x = 0, like relu_prime)

    Returns: dx, of dout's shape.
    """
    raise NotImplementedError("relu_backward")


def sigmoid_forward(x):
    """Forward pass of a sigmoid layer: out = 1 / (1 + exp(-x)), elementwise and stable.

    x: any shape.  Returns: (out, cache), out of x's shape.
    """
    raise NotImplementedError("sigmoid_forward")


def sigmoid_backward(dout, cache):
    """Backward pass of sigmoid, from the saved output s = sigmoid(x):

        dx = dout * s * (1 - s)

    s * (1 - s) is sigmoid'(x), computed from the activation itself: apply it to s, never
    compute sigmoid(s) again.

    Returns: dx, of dout's shape.
    """
    raise NotImplementedError("sigmoid_backward")


def softmax_cross_entropy(logits, y):
    """Softmax cross-entropy from logits and integer labels, mean over the batch, and its gradient.

        L = -(1/m) sum_i log softmax(z_i)[y_i]
        dL/dz = (softmax(z) - onehot(y)) / m

    logits: (m, K).  y: (m,) integer class ids in 0..K-1.
    Returns: (loss, dlogits) with loss a float and dlogits of shape (m, K).
    """
    raise NotImplementedError("softmax_cross_entropy")


def bce_with_logits(z, y):
    """Binary cross-entropy from logits, mean over all elements, and its gradient.

        L = mean( max(z, 0) - z*y + log(1 + exp(-|z|)) )     (stable for any z)
        dL/dz = (sigmoid(z) - y) / z.size

    z: (m,) or (m, 1) logits.  y: 0/1 labels with z's number of elements.
    Returns: (loss, dz) with loss a float and dz of z's shape.
    """
    raise NotImplementedError("bce_with_logits")


def mlp_forward(X, params):
    """Forward pass of a multi-layer perceptron: ReLU hidden layers, a linear output layer.

        a0 = X;  a_l = relu(a_{l-1} @ W_l + b_l) for l < L;  logits = a_{L-1} @ W_L + b_L

    X: (m, n).  params: {"W1", "b1", ..., "WL", "bL"}, W_l of shape (n_{l-1}, n_l).
    Returns: logits of shape (m, n_L).
    """
    raise NotImplementedError("mlp_forward")


def mlp_loss_and_grads(X, y, params):
    """Softmax cross-entropy loss of the MLP (mean over the batch) and its gradient for every parameter.

    Forward through the layers keeping every cache, then backward in reverse order:

        dz_L = (softmax(logits) - onehot(y)) / m
        dW_l, db_l, da_{l-1} from dense_backward;  dz_{l-1} = relu_backward(da_{l-1})

    X: (m, n).  y: (m,) integer labels.  params: as in mlp_forward.
    Returns: (loss, grads) with grads = {"W1": dW1, "b1": db1, ...}, each of its parameter's shape.
    """
    raise NotImplementedError("mlp_loss_and_grads")


def gradient_check(f, x, analytic_grad, eps=1e-05):
    """Compare an analytic gradient with centred finite differences of f; return the relative error.

        numeric_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)          for every element i
        error = max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|)

    Below about 1e-7 the gradient is right; above about 1e-4 it is wrong (see the instructions).

    f: array -> float.  x: array of any shape (not modified).  analytic_grad: x's shape.
    Returns: the relative error, a float.
    """
    raise NotImplementedError("gradient_check")
