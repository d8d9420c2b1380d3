"""exercise6: Regularization.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise6

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def l2_penalty(weights, lam):
    """The L2 penalty added to the loss, as Keras's ``regularizers.L2(lam)`` computes it:
    lam times the sum of the squares of every kernel's entries (no 1/2, no 1/m).

    weights: a list of kernels (any shapes; biases are not regularized).  lam: float >= 0.
    Returns: float.  Tested: one and several kernels, both signs, different sizes.
    """
    raise NotImplementedError("l2_penalty")


def l2_grad(W, lam):
    """The gradient of ``l2_penalty`` with respect to one kernel (it is added to the data gradient).

    W: any shape.  lam: float.  Returns: the same shape as W.
    Tested: the factor (no 1/2 was dropped in the penalty), no 1/m, weights of both signs.
    """
    raise NotImplementedError("l2_grad")


def dropout_forward(x, rate, training, rng):
    """Inverted dropout: drop each unit with probability ``rate`` while training, and scale the
    survivors so that the expected output equals x (nothing to rescale at inference).

    ``rate`` is the fraction DROPPED (Keras's ``Dropout(rate)``).  The random numbers come from
    ``rng``.  When ``training`` is False the layer is the identity: out = x, mask all ones.
    x: any shape.  rate: float in [0, 1).  training: bool.  rng: numpy.random.Generator.
    Returns: (out, mask), both of x's shape; mask is a float array of 0s and 1s (1 = kept, not scaled).
    Tested: the dropped fraction, the mean kept, out consistent with mask, the same seed giving the
    same mask, rate = 0, and inference.
    """
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout, mask, rate):
    """Backward pass of inverted dropout, with the mask of the forward pass.

    dout: the upstream gradient, any shape.  mask: the forward's 0/1 mask (same shape).
    rate: the forward's rate.  Returns: dx, the same shape as dout.
    Tested: against the reference and by a gradient check with the mask fixed.
    """
    raise NotImplementedError("dropout_backward")


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=0.001):
    """Batch normalization of each feature (column), with Keras's ``BatchNormalization`` semantics.

    Conventions (tested): training normalizes with this batch's mean and *biased* variance
    (divide by m), eps goes inside the square root, then scales by gamma and shifts by beta;
    ``momentum`` is the weight of the OLD running value (Keras: 0.99); a fresh layer starts from
    running = {"mean": zeros(d), "var": ones(d)}; with training=False the running statistics
    normalize instead and are returned unchanged.
    x: (m, d).  gamma, beta: (d,).  running: {"mean": (d,), "var": (d,)}, not modified.
    Returns: (out (m, d), cache, new_running) where cache holds whatever batchnorm_backward needs
    and new_running is a new dict {"mean": (d,), "var": (d,)}.
    """
    raise NotImplementedError("batchnorm_forward")


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward: the gradients with respect to x, gamma and beta.

    dout: (m, d).  cache: from batchnorm_forward.
    Returns: (dx (m, d), dgamma (d,), dbeta (d,)).
    Derive dx through the computation graph step by step (the instructions guide you); tested
    against the reference, a batch of 2, and a gradient check of x, gamma and beta.
    """
    raise NotImplementedError("batchnorm_backward")


def early_stopping(val_losses, patience, min_delta=0.0):
    """When Keras's ``EarlyStopping(monitor="val_loss", patience, min_delta)`` stops training.

    Keras's rule: an epoch improves when its loss < best - min_delta (strict: a tie is not an
    improvement), the first epoch always improves, and training stops at the epoch where the
    number of epochs without improvement reaches ``patience``.  Epochs are 0-based.
    val_losses: sequence of floats, one per epoch.  patience: int >= 0.  min_delta: float >= 0.
    Returns: (stop_epoch, best_epoch), ints; stop_epoch = len(val_losses) - 1 if it never stops,
    best_epoch = the epoch of the best loss.
    """
    raise NotImplementedError("early_stopping")
