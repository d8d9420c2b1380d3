"""exercise5: Optimizers.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise5

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent (``keras.optimizers.SGD()``).

        w <- w - learning_rate * dw

    config: learning_rate (default 0.01).  No state.
    Returns: (next_w, config).
    """
    raise NotImplementedError("sgd")


def sgd_momentum(w, dw, config=None):
    """SGD with momentum (``keras.optimizers.SGD(momentum=0.9)``).

        v <- momentum * v - learning_rate * dw        (v starts at 0)
        w <- w + v

    The velocity v is a running sum of past steps: it keeps rolling along directions where
    the gradient keeps its sign and cancels out where it oscillates.

    config: learning_rate (default 0.01), momentum (default 0.9).  State: the velocity.
    Returns: (next_w, config).
    """
    raise NotImplementedError("sgd_momentum")


def nesterov(w, dw, config=None):
    """SGD with Nesterov momentum (``keras.optimizers.SGD(momentum=0.9, nesterov=True)``).

        v <- momentum * v - learning_rate * dw        (v starts at 0)
        w <- w + momentum * v - learning_rate * dw    (with the updated v)

    The step "looks ahead": it is the momentum step v followed by one more momentum-scaled v,
    which is the same as CS231n's w <- w - momentum * v_prev + (1 + momentum) * v.

    config: learning_rate (default 0.01), momentum (default 0.9).  State: the velocity.
    Returns: (next_w, config).
    """
    raise NotImplementedError("nesterov")


def adagrad(w, dw, config=None):
    """Adagrad (``keras.optimizers.Adagrad()``): per-coordinate steps shrink with past gradients.

        G <- G + dw**2                                (G starts at initial_accumulator_value)
        w <- w - learning_rate * dw / sqrt(G + epsilon)

    Keras puts epsilon inside the square root and starts the accumulator at 0.1, not 0.

    config: learning_rate (default 0.001), initial_accumulator_value (default 0.1),
    epsilon (default 1e-7).  State: the accumulator G.
    Returns: (next_w, config).
    """
    raise NotImplementedError("adagrad")


def rmsprop(w, dw, config=None):
    """RMSprop (``keras.optimizers.RMSprop()``): Adagrad with a leaky (moving-average) accumulator.

        s <- rho * s + (1 - rho) * dw**2              (s starts at 0)
        w <- w - learning_rate * dw / sqrt(s + epsilon)

    Keras puts epsilon inside the square root (PyTorch and CS231n add it outside).

    config: learning_rate (default 0.001), rho (default 0.9), epsilon (default 1e-7).
    State: the mean square s.
    Returns: (next_w, config).
    """
    raise NotImplementedError("rmsprop")


def adam(w, dw, config=None):
    """Adam (``keras.optimizers.Adam()``): momentum plus RMSprop plus bias correction.

        t <- t + 1                                    (t starts at 0: the first step uses t = 1)
        m <- beta_1 * m + (1 - beta_1) * dw           (m, v start at 0)
        v <- beta_2 * v + (1 - beta_2) * dw**2
        alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w <- w - alpha * m / (sqrt(v) + epsilon)

    The bias correction (the factor in alpha) undoes the pull of m and v towards their zero
    start. Keras adds epsilon to sqrt(v), *before* the correction ("epsilon hat" in the
    paper): the same as the paper's m_hat / (sqrt(v_hat) + eps) only when the gradients are
    much larger than epsilon.

    config: learning_rate (default 0.001), beta_1 (default 0.9), beta_2 (default 0.999),
    epsilon (default 1e-7).  State: m, v and the step count t.
    Returns: (next_w, config).
    """
    raise NotImplementedError("adam")


def minibatches(X, y, batch_size, rng):
    """Shuffle the examples once and cut them into mini-batches.

    One permutation p = rng.permutation(m) orders the examples; the batches are consecutive
    slices of it: (X[p[0:B]], y[p[0:B]]), (X[p[B:2B]], y[p[B:2B]]), ... The last batch keeps
    the m % B leftover examples (it is smaller, never dropped). X and y are shuffled with the
    same permutation, so every example stays with its label.

    X: (m, n).  y: (m,) or (m, k).  batch_size: B >= 1.  rng: numpy.random.Generator.
    Returns: a list of ceil(m / B) pairs (Xb, yb).
    """
    raise NotImplementedError("minibatches")


def optimize(grad_fn, w0, update, config, steps):
    """Run an update rule for a number of steps and record the path.

        w_0 = w0;  w_{k+1}, config = update(w_k, grad_fn(w_k), config)

    The config returned by each call is passed to the next one (that is where the update
    rule keeps its state).

    grad_fn: w -> gradient (same shape as w).  w0: starting point.  update: an update rule
    with the interface above.  config: its first config (or None).  steps: number of updates.
    Returns: the trajectory, an array of shape (steps + 1, *w0.shape) whose row 0 is w0.
    """
    raise NotImplementedError("optimize")
