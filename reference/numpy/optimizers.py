"""Optimizers: update rules, mini-batches and an optimization loop, from scratch.

Every update rule has the same interface (CS231n's ``optim.py``, with Keras 3's names,
defaults and formulas, so that each rule matches ``keras.optimizers.*`` step by step):

    next_w, config = rule(w, dw, config=None)

``w`` is a parameter array, ``dw`` the gradient of the loss with respect to it (same shape).
``config`` is a dict holding the hyper-parameters (Keras argument names: ``learning_rate``,
``momentum``, ``beta_1``, ``beta_2``, ``epsilon``, ``rho``, ``initial_accumulator_value``;
missing keys take Keras's defaults) and, after the first call, the optimizer's state
(velocities, moments, step count). The rule never modifies ``w``, ``dw`` or ``config``: it
returns a new array and a new dict, and the caller feeds that dict back on the next call:

    config = None
    for step in range(100):
        w, config = adam(w, grad(w), config)

One config per parameter array: state has the shape of ``w``.
"""

import numpy as np


def _start(w, dw, config, defaults):
    """Float64 copies of w and dw, and a new config dict: defaults, then the caller's keys."""
    merged = dict(defaults)
    merged.update(config or {})
    return np.array(w, dtype=float), np.asarray(dw, dtype=float), merged


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent, as ``keras.optimizers.SGD()`` updates (no momentum).

    w: parameters, any shape.  dw: their gradient.
    config: {"learning_rate": ...} (default 0.01), or None.  No state; the input config is not modified.
    Returns: (next_w, config).

    How:
    Vanilla stochastic gradient descent (``keras.optimizers.SGD()``).

        w <- w - learning_rate * dw

    config: learning_rate (default 0.01).  No state.
    Returns: (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 0.01})
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum, as ``keras.optimizers.SGD(momentum=0.9)`` updates (Keras's velocity
    convention, see the instructions).

    config: learning_rate (default 0.01), momentum (default 0.9), or None.  State: the velocity,
    kept in the returned config under a name of your choice (it starts at 0).  The input config
    is not modified.
    Returns: (next_w, config).  Tested over several calls, feeding each returned config back.

    How:
    SGD with momentum (``keras.optimizers.SGD(momentum=0.9)``).

        v <- momentum * v - learning_rate * dw        (v starts at 0)
        w <- w + v

    The velocity v is a running sum of past steps: it keeps rolling along directions where
    the gradient keeps its sign and cancels out where it oscillates.

    config: learning_rate (default 0.01), momentum (default 0.9).  State: the velocity.
    Returns: (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 0.01, "momentum": 0.9})
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov(w, dw, config=None):
    """SGD with Nesterov momentum, as ``keras.optimizers.SGD(momentum=0.9, nesterov=True)`` updates.

    config: learning_rate (default 0.01), momentum (default 0.9), or None.  State: the velocity
    (it starts at 0), in the returned config.  The input config is not modified.
    Returns: (next_w, config).  Tested over several calls, feeding each returned config back.

    How:
    SGD with Nesterov momentum (``keras.optimizers.SGD(momentum=0.9, nesterov=True)``).

        v <- momentum * v - learning_rate * dw        (v starts at 0)
        w <- w + momentum * v - learning_rate * dw    (with the updated v)

    The step "looks ahead": it is the momentum step v followed by one more momentum-scaled v,
    which is the same as CS231n's w <- w - momentum * v_prev + (1 + momentum) * v.

    config: learning_rate (default 0.01), momentum (default 0.9).  State: the velocity.
    Returns: (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 0.01, "momentum": 0.9})
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + config["momentum"] * v - config["learning_rate"] * dw, config


def adagrad(w, dw, config=None):
    """Adagrad, as ``keras.optimizers.Adagrad()`` updates: per-coordinate steps shrink with past gradients.

    Keras's conventions: epsilon inside the square root, the accumulator starts at
    initial_accumulator_value (0.1, not 0).
    config: learning_rate (default 0.001), initial_accumulator_value (default 0.1),
    epsilon (default 1e-7), or None.  State: the accumulator, in the returned config.
    Returns: (next_w, config).  Tested over several calls, and with tiny gradients (where the
    place of epsilon shows).

    How:
    Adagrad (``keras.optimizers.Adagrad()``): per-coordinate steps shrink with past gradients.

        G <- G + dw**2                                (G starts at initial_accumulator_value)
        w <- w - learning_rate * dw / sqrt(G + epsilon)

    Keras puts epsilon inside the square root and starts the accumulator at 0.1, not 0.

    config: learning_rate (default 0.001), initial_accumulator_value (default 0.1),
    epsilon (default 1e-7).  State: the accumulator G.
    Returns: (next_w, config).
    """
    w, dw, config = _start(w, dw, config,
                           {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7})
    G = config.get("accumulator", np.full_like(w, config["initial_accumulator_value"]))
    G = G + dw**2
    config["accumulator"] = G
    return w - config["learning_rate"] * dw / np.sqrt(G + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    """RMSprop, as ``keras.optimizers.RMSprop()`` updates: a moving average of squared gradients.

    Keras's convention: epsilon inside the square root (PyTorch and CS231n add it outside).
    config: learning_rate (default 0.001), rho (default 0.9), epsilon (default 1e-7), or None.
    State: the mean square (it starts at 0), in the returned config.
    Returns: (next_w, config).  Tested over several calls, with rho = 0.5 and tiny gradients.

    How:
    RMSprop (``keras.optimizers.RMSprop()``): Adagrad with a leaky (moving-average) accumulator.

        s <- rho * s + (1 - rho) * dw**2              (s starts at 0)
        w <- w - learning_rate * dw / sqrt(s + epsilon)

    Keras puts epsilon inside the square root (PyTorch and CS231n add it outside).

    config: learning_rate (default 0.001), rho (default 0.9), epsilon (default 1e-7).
    State: the mean square s.
    Returns: (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7})
    rho = config["rho"]
    s = config.get("mean_square", np.zeros_like(w))
    s = rho * s + (1.0 - rho) * dw**2
    config["mean_square"] = s
    return w - config["learning_rate"] * dw / np.sqrt(s + config["epsilon"]), config


def adam(w, dw, config=None):
    """Adam, as ``keras.optimizers.Adam()`` updates: momentum, RMSprop and bias correction.

    Keras's convention: epsilon is added before the bias correction ("epsilon hat" in the
    paper, see the instructions); the first step counts as t = 1.
    config: learning_rate (default 0.001), beta_1 (default 0.9), beta_2 (default 0.999),
    epsilon (default 1e-7), or None.  State: both moments and the step count, in the returned config.
    Returns: (next_w, config).  Tested over several calls, with matrix parameters and tiny gradients.

    How:
    Adam (``keras.optimizers.Adam()``): momentum plus RMSprop plus bias correction.

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
    w, dw, config = _start(w, dw, config,
                           {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7})
    b1, b2 = config["beta_1"], config["beta_2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1.0 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1.0 - b2) * dw**2
    alpha = config["learning_rate"] * np.sqrt(1.0 - b2**t) / (1.0 - b1**t)
    config.update(t=t, m=m, v=v)
    return w - alpha * m / (np.sqrt(v) + config["epsilon"]), config


def minibatches(X, y, batch_size, rng):
    """Shuffle the examples once (one ``rng.permutation(m)``) and cut them, in that order, into
    mini-batches of ``batch_size``.

    The last batch keeps the leftover examples (it is smaller, never dropped); every example
    stays with its label.
    X: (m, n).  y: (m,) or (m, k).  batch_size: >= 1.  rng: numpy.random.Generator.
    Returns: a list of ceil(m / batch_size) pairs (Xb, yb).

    How:
    Shuffle the examples once and cut them into mini-batches.

    One permutation p = rng.permutation(m) orders the examples; the batches are consecutive
    slices of it: (X[p[0:B]], y[p[0:B]]), (X[p[B:2B]], y[p[B:2B]]), ... The last batch keeps
    the m % B leftover examples (it is smaller, never dropped). X and y are shuffled with the
    same permutation, so every example stays with its label.

    X: (m, n).  y: (m,) or (m, k).  batch_size: B >= 1.  rng: numpy.random.Generator.
    Returns: a list of ceil(m / B) pairs (Xb, yb).
    """
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(X.shape[0])
    return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, X.shape[0], batch_size)]


def optimize(grad_fn, w0, update, config, steps):
    """Run an update rule for ``steps`` steps from w0 and record the path.

    Each step takes the gradient at the current point, and feeds the config returned by each
    call into the next one (that is where an update rule keeps its state).
    grad_fn: w -> gradient (w's shape).  w0: the starting point.  update: an update rule
    (w, dw, config) -> (next_w, config).  config: its first config (or None).  steps: >= 0.
    Returns: the trajectory, an array of shape (steps + 1, *w0.shape) whose row 0 is w0.

    How:
    Run an update rule for a number of steps and record the path.

        w_0 = w0;  w_{k+1}, config = update(w_k, grad_fn(w_k), config)

    The config returned by each call is passed to the next one (that is where the update
    rule keeps its state).

    grad_fn: w -> gradient (same shape as w).  w0: starting point.  update: an update rule
    with the interface above.  config: its first config (or None).  steps: number of updates.
    Returns: the trajectory, an array of shape (steps + 1, *w0.shape) whose row 0 is w0.
    """
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w, config = update(w, grad_fn(w), config)
        w = np.array(w, dtype=float)
        path.append(w)
    return np.stack(path)
