"""Deep networks: why layers need a non-linearity, how to start the weights, how gradients flow.

Three facts the notes stress (000 and 002 "why do we need activation functions", 003
"Numerical Stability and Initialization", 004 "vanishing gradients"):

1. Two linear layers are one linear layer: without a non-linear activation, depth adds nothing.
2. The starting weights must differ (zeros make every unit of a layer the same forever) and must
   be scaled to the layer's width, so that signals neither explode nor die on the way through
   (Glorot for sigmoid/tanh, He for ReLU).
3. The backward pass multiplies by g'(z) once per layer. The sigmoid's slope is at most 1/4, so
   in a deep sigmoid network the gradients of the first layers vanish; ReLU's slope is 1 where a
   unit is active, so they don't.

Conventions: a layer is ``a @ W + b`` with W (n_in, n_out) and b (n_out,), like a Keras Dense
kernel; params are ``{"W1", "b1", ..., "WL", "bL"}``; examples are rows.
"""

import numpy as np

from reference.numpy import activations

SCHEMES = ("zeros", "normal", "glorot_uniform", "he_normal")
NORMAL_STD = 0.01  # the "small random numbers" of the notes


# --------------------------------------------------------------------------- depth needs non-linearity


def linear_collapse(W1, b1, W2, b2):
    """The single linear layer (W, b) that computes the same as two linear layers in a row.

        layer 1:  h = x W1 + b1
        layer 2:  y = h W2 + b2

    Substitute h into layer 2 and collect the terms that multiply x (they give W) and the terms
    that don't (they give b): the result is y = x W + b for every x. Two Dense layers with
    linear activations are one Dense layer, whatever their sizes, so depth without a
    non-linearity adds nothing. Every constant term counts, including what becomes of b1.

    W1: (n, h).  b1: (h,).  W2: (h, k).  b2: (k,).
    Returns: (W, b) with W (n, k) and b (k,).
    """
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (W1, b1, W2, b2))
    return W1 @ W2, b1 @ W2 + b2


# --------------------------------------------------------------------------- initialization


def _kernel(fan_in, fan_out, scheme, rng):
    """One (fan_in, fan_out) kernel drawn by ``scheme``."""
    shape = (fan_in, fan_out)
    if scheme == "zeros":
        return np.zeros(shape)
    if scheme == "normal":
        return rng.normal(0.0, NORMAL_STD, size=shape)
    if scheme == "glorot_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=shape)
    if scheme == "he_normal":
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
    raise ValueError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")


def init_params(sizes, scheme, rng):
    """Starting weights for an MLP with layer widths ``sizes = (n0, n1, ..., nL)``.

    Layer l maps n_{l-1} inputs (fan_in) to n_l outputs (fan_out). Every bias starts at 0;
    each kernel is drawn by ``scheme``:

        "zeros"           all 0 (every unit of a layer then learns the same thing: symmetry)
        "normal"          N(0, 0.01^2): small random numbers
        "glorot_uniform"  U(-L, L) with L = sqrt(6 / (fan_in + fan_out))   (Keras's default)
                          so Var = 2 / (fan_in + fan_out): both widths, not fan_in alone
        "he_normal"       N(0, 2 / fan_in): made for ReLU, which zeroes half its inputs

    Keras's HeNormal draws from a normal truncated at two standard deviations, rescaled so
    that the spread is the same; this reference uses a plain normal. Both have std
    sqrt(2 / fan_in), and the grader checks statistics, not exact draws.

    sizes: sequence of L + 1 ints.  scheme: one of the four names.  rng: numpy.random.Generator.
    Returns: {"W1": (n0, n1), "b1": (n1,), ..., "WL": (n_{L-1}, nL), "bL": (nL,)}.
    """
    params = {}
    for layer in range(1, len(sizes)):
        fan_in, fan_out = int(sizes[layer - 1]), int(sizes[layer])
        params[f"W{layer}"] = _kernel(fan_in, fan_out, scheme, rng)
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


# --------------------------------------------------------------------------- gradient flow


def _activation(name):
    """(g, g') for a hidden-layer activation name."""
    if name == "sigmoid":
        return activations.sigmoid, activations.sigmoid_prime
    if name == "relu":
        return activations.relu, activations.relu_prime
    raise ValueError(f"unknown activation {name!r}; expected 'sigmoid' or 'relu'")


def gradient_norms(params, X, y, activation):
    """How big the gradient of each layer's kernel is: ||dJ/dW_l||_F for l = 1..L.

    The network: hidden layers a_l = g(z_l) with z_l = a_{l-1} W_l + b_l (a_0 = X), a linear
    output z_L, and J = mean over the m examples of the softmax cross-entropy of z_L against
    the integer labels y. Backward, from the output to the input:

        dJ/dz_L     = (softmax(z_L) - onehot(y)) / m
        dJ/dW_l     = a_{l-1}^T dJ/dz_l
        dJ/dz_{l-1} = (dJ/dz_l W_l^T) * g'(z_{l-1})       (elementwise)

    Each step back multiplies by g'(z). The sigmoid's derivative s(1 - s) is at most 1/4, so
    in a deep sigmoid network the norms shrink layer by layer towards the input (vanishing
    gradients); ReLU's derivative is 1 where the unit is active, so they stay of one size.
    The Frobenius norm is sqrt(sum_ij (dJ/dW_l)_ij^2).

    params: {"W1", "b1", ..., "WL", "bL"}.  X: (m, n0).  y: (m,) ints in [0, nL).
    activation: "sigmoid" or "relu" (hidden layers).
    Returns: (L,) array, entry l-1 is the norm for W_l (input side first).
    """
    g, g_prime = _activation(activation)
    n_layers = len(params) // 2
    a, zs, inputs = np.asarray(X, dtype=float), [], []
    for layer in range(1, n_layers + 1):
        inputs.append(a)
        z = a @ params[f"W{layer}"] + params[f"b{layer}"]
        zs.append(z)
        a = g(z) if layer < n_layers else z
    labels = np.asarray(y).reshape(-1).astype(int)
    m = len(labels)
    p = np.exp(a - a.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dz = p
    dz[np.arange(m), labels] -= 1.0
    dz /= m
    norms = np.zeros(n_layers)
    for layer in range(n_layers, 0, -1):
        norms[layer - 1] = np.linalg.norm(inputs[layer - 1].T @ dz)
        if layer > 1:
            dz = (dz @ params[f"W{layer}"].T) * g_prime(zs[layer - 2])
    return norms
