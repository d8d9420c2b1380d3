"""exercise5: Optimizers.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise5

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent, as ``keras.optimizers.SGD()`` updates (no momentum).

    w: parameters, any shape.  dw: their gradient.
    config: {"learning_rate": ...} (default 0.01), or None.  No state; the input config is not modified.
    Returns: (next_w, config).
    """
    raise NotImplementedError("sgd")


def sgd_momentum(w, dw, config=None):
    """SGD with momentum, as ``keras.optimizers.SGD(momentum=0.9)`` updates (Keras's velocity
    convention, see the instructions).

    config: learning_rate (default 0.01), momentum (default 0.9), or None.  State: the velocity,
    kept in the returned config under a name of your choice (it starts at 0).  The input config
    is not modified.
    Returns: (next_w, config).  Tested over several calls, feeding each returned config back.
    """
    raise NotImplementedError("sgd_momentum")


def nesterov(w, dw, config=None):
    """SGD with Nesterov momentum, as ``keras.optimizers.SGD(momentum=0.9, nesterov=True)`` updates.

    config: learning_rate (default 0.01), momentum (default 0.9), or None.  State: the velocity
    (it starts at 0), in the returned config.  The input config is not modified.
    Returns: (next_w, config).  Tested over several calls, feeding each returned config back.
    """
    raise NotImplementedError("nesterov")


def adagrad(w, dw, config=None):
    """Adagrad, as ``keras.optimizers.Adagrad()`` updates: per-coordinate steps shrink with past gradients.

    Keras's conventions: epsilon inside the square root, the accumulator starts at
    initial_accumulator_value (0.1, not 0).
    config: learning_rate (default 0.001), initial_accumulator_value (default 0.1),
    epsilon (default 1e-7), or None.  State: the accumulator, in the returned config.
    Returns: (next_w, config).  Tested over several calls, and with tiny gradients (where the
    place of epsilon shows).
    """
    raise NotImplementedError("adagrad")


def rmsprop(w, dw, config=None):
    """RMSprop, as ``keras.optimizers.RMSprop()`` updates: a moving average of squared gradients.

    Keras's convention: epsilon inside the square root (PyTorch and CS231n add it outside).
    config: learning_rate (default 0.001), rho (default 0.9), epsilon (default 1e-7), or None.
    State: the mean square (it starts at 0), in the returned config.
    Returns: (next_w, config).  Tested over several calls, with rho = 0.5 and tiny gradients.
    """
    raise NotImplementedError("rmsprop")


def adam(w, dw, config=None):
    """Adam, as ``keras.optimizers.Adam()`` updates: momentum, RMSprop and bias correction.

    Keras's convention: epsilon is added before the bias correction ("epsilon hat" in the
    paper, see the instructions); the first step counts as t = 1.
    config: learning_rate (default 0.001), beta_1 (default 0.9), beta_2 (default 0.999),
    epsilon (default 1e-7), or None.  State: both moments and the step count, in the returned config.
    Returns: (next_w, config).  Tested over several calls, with matrix parameters and tiny gradients.
    """
    raise NotImplementedError("adam")


def minibatches(X, y, batch_size, rng):
    """Shuffle the examples once (one ``rng.permutation(m)``) and cut them, in that order, into
    mini-batches of ``batch_size``.

    The last batch keeps the leftover examples (it is smaller, never dropped); every example
    stays with its label.
    X: (m, n).  y: (m,) or (m, k).  batch_size: >= 1.  rng: numpy.random.Generator.
    Returns: a list of ceil(m / batch_size) pairs (Xb, yb).
    """
    raise NotImplementedError("minibatches")


def optimize(grad_fn, w0, update, config, steps):
    """Run an update rule for ``steps`` steps from w0 and record the path.

    Each step takes the gradient at the current point, and feeds the config returned by each
    call into the next one (that is where an update rule keeps its state).
    grad_fn: w -> gradient (w's shape).  w0: the starting point.  update: an update rule
    (w, dw, config) -> (next_w, config).  config: its first config (or None).  steps: >= 0.
    Returns: the trajectory, an array of shape (steps + 1, *w0.shape) whose row 0 is w0.
    """
    raise NotImplementedError("optimize")
