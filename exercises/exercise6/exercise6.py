"""exercise6: Regularization.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise6

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def l2_penalty(weights, lam):
    """The L2 penalty added to the loss, as Keras's ``regularizers.L2(lam)`` computes it.

        penalty = lam * sum over kernels W of sum_ij W_ij^2

    No 1/2 and no 1/m: other courses write (lam / 2m) ||W||^2 or 0.5 * lam * ||W||^2, which
    only rescales lam. Biases are not regularized, so ``weights`` holds kernels only.

    weights: a list of arrays (any shapes).  lam: float >= 0.  Returns: float.
    """
    raise NotImplementedError("l2_penalty")


def l2_grad(W, lam):
    """The gradient of ``l2_penalty`` with respect to one kernel: d(lam * sum W^2)/dW = 2 lam W.

    It is added to the kernel's data gradient before the update.

    W: any shape.  lam: float.  Returns: same shape as W.
    """
    raise NotImplementedError("l2_grad")


def dropout_forward(x, rate, training, rng):
    """Inverted dropout: drop each unit with probability ``rate``, scale the survivors by 1/(1 - rate).

    ``rate`` is the fraction DROPPED (Keras's ``Dropout(rate)``; some courses use the keep
    probability p = 1 - rate instead). While training:

        mask = (u >= rate) for u ~ Uniform[0, 1) drawn from rng, one per element (1 = kept)
        out  = x * mask / (1 - rate)

    so E[out] = x and nothing needs rescaling at inference. When ``training`` is False the
    layer is the identity: out = x and mask is all ones.

    x: any shape.  rate: float in [0, 1).  training: bool.  rng: numpy.random.Generator.
    Returns: (out, mask), both of x's shape; mask is a float array of 0s and 1s (not scaled).
    """
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout, mask, rate):
    """Backward pass of inverted dropout: the gradient flows only through the kept units.

        dx = dout * mask / (1 - rate)

    dout: upstream gradient, any shape.  mask: the 0/1 mask of the forward pass (same shape).
    rate: the forward's rate.  Returns: dx, same shape as dout.
    """
    raise NotImplementedError("dropout_backward")


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=0.001):
    """Batch normalization of each feature (column), Keras's ``BatchNormalization`` semantics.

    Training (statistics of this batch, with the biased variance: divide by m, not m - 1):

        mu    = mean_i x_i                      (d,)
        var   = mean_i (x_i - mu)^2             (d,)
        x_hat = (x - mu) / sqrt(var + eps)      (eps inside the square root)
        out   = gamma * x_hat + beta

        new_running["mean"] = momentum * running["mean"] + (1 - momentum) * mu
        new_running["var"]  = momentum * running["var"]  + (1 - momentum) * var

    ``momentum`` is the weight of the OLD value (Keras: 0.99; PyTorch's momentum=0.1 is the
    weight of the new one). A fresh layer starts from running = {"mean": zeros(d), "var": ones(d)}.

    Inference (training=False): normalize with the running statistics instead, and return
    them unchanged:  out = gamma * (x - running["mean"]) / sqrt(running["var"] + eps) + beta.

    x: (m, d).  gamma, beta: (d,).  running: {"mean": (d,), "var": (d,)}, not modified.
    Returns: (out (m, d), cache, new_running) where cache holds whatever batchnorm_backward
    needs and new_running is a new dict {"mean": (d,), "var": (d,)}.
    """
    raise NotImplementedError("batchnorm_forward")


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward: gradients with respect to x, gamma and beta.

    With g = dout * gamma (the gradient reaching x_hat), the chain rule through x_hat, the
    batch mean and the batch variance collapses to (sums over the batch axis, i):

        dbeta  = sum_i dout_i
        dgamma = sum_i dout_i * x_hat_i
        dx     = inv_std / m * (m * g - sum_i g_i - x_hat * sum_i (g_i * x_hat_i))

    (In inference mode mean and variance are constants, so dx = g * inv_std.)

    dout: (m, d).  cache: from batchnorm_forward.
    Returns: (dx (m, d), dgamma (d,), dbeta (d,)).
    """
    raise NotImplementedError("batchnorm_backward")


def early_stopping(val_losses, patience, min_delta=0.0):
    """When Keras's ``EarlyStopping(monitor="val_loss", patience, min_delta)`` stops training.

    Walk the validation losses epoch by epoch (0-based), keeping the best loss so far and a
    counter ``wait`` of epochs since the last improvement:

        improvement:  loss < best - min_delta   (strict: a tie is NOT an improvement)
                      -> best = loss, best_epoch = epoch, wait = 0
        otherwise:    wait += 1; stop at this epoch if wait >= patience

    The first epoch is always an improvement. With patience 0 or 1, training stops at the first
    epoch without improvement. Losses after the stop epoch are never looked at.

    val_losses: sequence of floats, one per epoch.  patience: int >= 0.  min_delta: float >= 0.
    Returns: (stop_epoch, best_epoch), ints; stop_epoch = len(val_losses) - 1 if it never stops,
    best_epoch = the epoch of the last improvement (the best loss seen).
    """
    raise NotImplementedError("early_stopping")
