"""Layers as forward/backward pairs, losses with their gradients, and backpropagation through an MLP.

Every layer is a pair of pure functions (the CS231n layer API):

    out, cache = layer_forward(inputs...)      cache: whatever the backward pass needs
    grads      = layer_backward(dout, cache)   dout = dL/d out, same shape as out

Backpropagation is the chain rule applied layer by layer, from the loss back to the input:
each backward takes the gradient of the loss with respect to its output and returns the
gradients with respect to its inputs and parameters.

Conventions (Keras's): examples are rows, x is (m, n_in); a dense layer's W is (n_in, n_out)
and b is (n_out,), exactly like a Keras ``Dense`` kernel and bias. The 1/m of a mean loss is
applied once, in the loss's gradient; the layers' backward passes never divide by m.
"""

import numpy as np

from reference.numpy.activations import relu, sigmoid
from reference.numpy.losses import binary_cross_entropy_from_logits, log_softmax, softmax


def dense_forward(x, W, b):
    """Forward pass of a fully connected (dense) layer, Keras's Dense layout (see exercise1's dense).

    x: (m, n_in) inputs, one example per row.  W: (n_in, n_out).  b: (n_out,).
    Returns: (out, cache) with out of shape (m, n_out); cache holds what dense_backward needs.

    How:
    Forward pass of a fully connected (dense) layer: out = x @ W + b.

    x: (m, n_in) inputs, one example per row.  W: (n_in, n_out).  b: (n_out,).
    Returns: (out, cache) with out of shape (m, n_out); cache holds what dense_backward needs.
    """
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    b = np.asarray(b, dtype=float)
    out = x @ W + b
    return out, (x, W)


def dense_backward(dout, cache):
    """Backward pass of a dense layer: the gradients of the loss with respect to x, W and b.

    dout: dL/d out, of shape (m, n_out).  cache: from dense_forward.
    Returns: (dx, dW, db) with the shapes of x (m, n_in), W (n_in, n_out) and b (n_out,).
    Derive them yourself (the instructions walk through it); tested against the reference and by
    a gradient check, with non-square W and a batch of one.

    How:
    Backward pass of a dense layer.

    With out = x @ W + b and dout = dL/d out of shape (m, n_out):

        dx = dout @ W.T          (m, n_in)     each input feeds every output through W
        dW = x.T @ dout          (n_in, n_out) the same shape as W: sums over the batch
        db = sum(dout, axis=0)   (n_out,)      b is added to every example, so its gradient
                                               sums over the batch (no 1/m here)

    Returns: (dx, dW, db).
    """
    x, W = cache
    dout = np.asarray(dout, dtype=float)
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


def relu_forward(x):
    """Forward pass of a ReLU layer: out = max(0, x), elementwise.

    x: any shape.  Returns: (out, cache), out of x's shape.
    """
    x = np.asarray(x, dtype=float)
    return relu(x), x


def relu_backward(dout, cache):
    """Backward pass of ReLU: the gradient with respect to the layer's input.

    dout: the upstream gradient, x's shape.  cache: from relu_forward.
    Returns: dx, of dout's shape.  At the kink x = 0 the derivative is 0 (like relu_prime).
    Tested: against the reference, inputs with exact zeros, and a gradient check.

    How:
    Backward pass of ReLU: the gradient flows where the input was positive, elsewhere it stops.

        dx = dout * (x > 0)     (derivative 0 at the kink x = 0, like relu_prime)

    Returns: dx, of dout's shape.
    """
    x = cache
    return np.asarray(dout, dtype=float) * (x > 0)


def sigmoid_forward(x):
    """Forward pass of a sigmoid layer, elementwise and stable (see exercise1's sigmoid).

    x: any shape.  Returns: (out, cache), out of x's shape.  Tested: |x| = 1000 gives no NaN.

    How:
    Forward pass of a sigmoid layer: out = 1 / (1 + exp(-x)), elementwise and stable.

    x: any shape.  Returns: (out, cache), out of x's shape.
    """
    s = sigmoid(x)
    return s, s


def sigmoid_backward(dout, cache):
    """Backward pass of a sigmoid layer: the gradient with respect to the layer's input.

    dout: the upstream gradient, x's shape.  cache: from sigmoid_forward.
    Returns: dx, of dout's shape.  Tested: against the reference and by a gradient check.

    How:
    Backward pass of sigmoid, from the saved output s = sigmoid(x):

        dx = dout * s * (1 - s)

    s * (1 - s) is sigmoid'(x), computed from the activation itself: apply it to s, never
    compute sigmoid(s) again.

    Returns: dx, of dout's shape.
    """
    s = cache
    return np.asarray(dout, dtype=float) * s * (1.0 - s)


def softmax_cross_entropy(logits, y):
    """Softmax cross-entropy from logits and integer labels, mean over the batch, and its gradient
    with respect to the logits.

    logits: (m, K).  y: (m,) integer class ids in 0..K-1.  Note the order: logits first (the
    CS231n layer API), unlike exercise3's Keras-style losses.
    Returns: (loss, dlogits) with loss a float and dlogits of shape (m, K).
    Tested: against the reference, huge logits, a batch of one, and a gradient check.

    How:
    Softmax cross-entropy from logits and integer labels, mean over the batch, and its gradient.

        L = -(1/m) sum_i log softmax(z_i)[y_i]
        dL/dz = (softmax(z) - onehot(y)) / m

    logits: (m, K).  y: (m,) integer class ids in 0..K-1.
    Returns: (loss, dlogits) with loss a float and dlogits of shape (m, K).
    """
    z = np.asarray(logits, dtype=float)
    y = np.asarray(y).astype(int).reshape(-1)
    m = z.shape[0]
    rows = np.arange(m)
    loss = -np.mean(log_softmax(z)[rows, y])
    dlogits = softmax(z)
    dlogits[rows, y] -= 1.0
    return float(loss), dlogits / m


def bce_with_logits(z, y):
    """Binary cross-entropy from logits, mean over all elements, and its gradient with respect to z.

    z: (m,) or (m, 1) logits.  y: 0/1 labels with z's number of elements.
    Returns: (loss, dz) with loss a float and dz of z's shape (the mean brings a 1/m into dz).
    Tested: both shapes, |z| = 1000, z exactly 0, and a gradient check against your loss.

    How:
    Binary cross-entropy from logits, mean over all elements, and its gradient.

        L = mean( max(z, 0) - z*y + log(1 + exp(-|z|)) )     (stable for any z)
        dL/dz = (sigmoid(z) - y) / z.size

    z: (m,) or (m, 1) logits.  y: 0/1 labels with z's number of elements.
    Returns: (loss, dz) with loss a float and dz of z's shape.
    """
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float).reshape(z.shape)
    loss = binary_cross_entropy_from_logits(y, z)
    dz = (sigmoid(z) - y) / z.size
    return float(loss), dz


def _n_layers(params):
    return len(params) // 2


def mlp_forward(X, params):
    """Forward pass of a multi-layer perceptron: ReLU hidden layers, a linear output layer (logits).

    X: (m, n).  params: {"W1", "b1", ..., "WL", "bL"}, W_l of shape (n_{l-1}, n_l); L is however
    many layers params holds (one layer means no ReLU at all).
    Returns: logits of shape (m, n_L).
    Tested: one, two and three layers, and the notes' 64 -> 25 -> 15 -> 10 digits net.

    How:
    Forward pass of a multi-layer perceptron: ReLU hidden layers, a linear output layer.

        a0 = X;  a_l = relu(a_{l-1} @ W_l + b_l) for l < L;  logits = a_{L-1} @ W_L + b_L

    X: (m, n).  params: {"W1", "b1", ..., "WL", "bL"}, W_l of shape (n_{l-1}, n_l).
    Returns: logits of shape (m, n_L).
    """
    a = np.asarray(X, dtype=float)
    L = _n_layers(params)
    for layer in range(1, L + 1):
        a, _ = dense_forward(a, params[f"W{layer}"], params[f"b{layer}"])
        if layer < L:
            a, _ = relu_forward(a)
    return a


def mlp_loss_and_grads(X, y, params):
    """Softmax cross-entropy loss of the MLP (mean over the batch, integer labels, no
    regularization) and its gradient for every parameter.

    X: (m, n).  y: (m,) integer labels.  params: as in mlp_forward.
    Returns: (loss, grads) with grads = {"W1": ..., "b1": ..., ...}: the params' keys, each
    gradient of its parameter's shape.
    Tested: against the reference, equal layer widths, a batch of one, and a gradient check of
    every parameter against your own loss.

    How:
    Softmax cross-entropy loss of the MLP (mean over the batch) and its gradient for every parameter.

    Forward through the layers keeping every cache, then backward in reverse order:

        dz_L = (softmax(logits) - onehot(y)) / m
        dW_l, db_l, da_{l-1} from dense_backward;  dz_{l-1} = relu_backward(da_{l-1})

    X: (m, n).  y: (m,) integer labels.  params: as in mlp_forward.
    Returns: (loss, grads) with grads = {"W1": dW1, "b1": db1, ...}, each of its parameter's shape.
    """
    a = np.asarray(X, dtype=float)
    L = _n_layers(params)
    caches = []
    for layer in range(1, L + 1):
        a, dense_cache = dense_forward(a, params[f"W{layer}"], params[f"b{layer}"])
        relu_cache = None
        if layer < L:
            a, relu_cache = relu_forward(a)
        caches.append((dense_cache, relu_cache))
    loss, da = softmax_cross_entropy(a, y)
    grads = {}
    for layer in range(L, 0, -1):
        dense_cache, relu_cache = caches[layer - 1]
        if relu_cache is not None:
            da = relu_backward(da, relu_cache)
        da, grads[f"W{layer}"], grads[f"b{layer}"] = dense_backward(da, dense_cache)
    return loss, {key: grads[key] for key in params}


def gradient_check(f, x, analytic_grad, eps=1e-5):
    """Compare an analytic gradient with centred finite differences of f; return the relative error
    max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|) over every element i.

    Below about 1e-7 the gradient is right; above about 1e-4 it is wrong (see the instructions).
    f: array -> float.  x: array of any shape (not modified).  analytic_grad: x's shape.
    Returns: the relative error, a float.
    Tested: right gradients, a wrong factor, a wrong sign, a transposed gradient, one wrong
    coordinate, and coordinates where the gradient is 0.

    How:
    Compare an analytic gradient with centred finite differences of f; return the relative error.

        numeric_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)          for every element i
        error = max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|)

    Below about 1e-7 the gradient is right; above about 1e-4 it is wrong (see the instructions).

    f: array -> float.  x: array of any shape (not modified).  analytic_grad: x's shape.
    Returns: the relative error, a float.
    """
    x = np.array(x, dtype=float)
    a = np.asarray(analytic_grad, dtype=float)
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x.copy())
        x[i] = old - eps
        f_minus = f(x.copy())
        x[i] = old
        numeric[i] = (f_plus - f_minus) / (2.0 * eps)
    return float(np.max(np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric))))
