"""Regularization: L2 weight penalty, dropout, batch normalization and early stopping.

Conventions are Keras 3's, so these match ``keras.regularizers.L2``, ``keras.layers.Dropout``,
``keras.layers.BatchNormalization`` and ``keras.callbacks.EarlyStopping`` (and
``reference.tf.regularization``): examples are rows, ``x`` is ``(m, d)``; layers come as
forward/backward pairs, ``forward(...) -> (out, cache)`` and ``backward(dout, cache) -> grads``;
anything random takes an explicit ``rng`` (a ``numpy.random.Generator``); nothing is modified
in place.
"""

import numpy as np

# --------------------------------------------------------------------------- L2 weight penalty


def l2_penalty(weights, lam):
    """The L2 penalty added to the loss, as Keras's ``regularizers.L2(lam)`` computes it:
    lam times the sum of the squares of every kernel's entries (no 1/2, no 1/m).

    weights: a list of kernels (any shapes; biases are not regularized).  lam: float >= 0.
    Returns: float.  Tested: one and several kernels, both signs, different sizes.

    How:
    The L2 penalty added to the loss, as Keras's ``regularizers.L2(lam)`` computes it.

        penalty = lam * sum over kernels W of sum_ij W_ij^2

    No 1/2 and no 1/m: other courses write (lam / 2m) ||W||^2 or 0.5 * lam * ||W||^2, which
    only rescales lam. Biases are not regularized, so ``weights`` holds kernels only.

    weights: a list of arrays (any shapes).  lam: float >= 0.  Returns: float.
    """
    return float(lam * sum(np.sum(np.asarray(W, dtype=float) ** 2) for W in weights))


def l2_grad(W, lam):
    """The gradient of ``l2_penalty`` with respect to one kernel (it is added to the data gradient).

    W: any shape.  lam: float.  Returns: the same shape as W.
    Tested: the factor (no 1/2 was dropped in the penalty), no 1/m, weights of both signs.

    How:
    The gradient of ``l2_penalty`` with respect to one kernel: d(lam * sum W^2)/dW = 2 lam W.

    It is added to the kernel's data gradient before the update.

    W: any shape.  lam: float.  Returns: same shape as W.
    """
    return 2.0 * lam * np.asarray(W, dtype=float)


# --------------------------------------------------------------------------- dropout


def dropout_forward(x, rate, training, rng):
    """Inverted dropout: drop each unit with probability ``rate`` while training, and scale the
    survivors so that the expected output equals x (nothing to rescale at inference).

    ``rate`` is the fraction DROPPED (Keras's ``Dropout(rate)``).  The random numbers come from
    ``rng``.  When ``training`` is False the layer is the identity: out = x, mask all ones.
    x: any shape.  rate: float in [0, 1).  training: bool.  rng: numpy.random.Generator.
    Returns: (out, mask), both of x's shape; mask is a float array of 0s and 1s (1 = kept, not scaled).
    Tested: the dropped fraction, the mean kept, out consistent with mask, the same seed giving the
    same mask, rate = 0, and inference.

    How:
    Inverted dropout: drop each unit with probability ``rate``, scale the survivors by 1/(1 - rate).

    ``rate`` is the fraction DROPPED (Keras's ``Dropout(rate)``; some courses use the keep
    probability p = 1 - rate instead). While training:

        mask = (u >= rate) for u ~ Uniform[0, 1) drawn from rng, one per element (1 = kept)
        out  = x * mask / (1 - rate)

    so E[out] = x and nothing needs rescaling at inference. When ``training`` is False the
    layer is the identity: out = x and mask is all ones.

    x: any shape.  rate: float in [0, 1).  training: bool.  rng: numpy.random.Generator.
    Returns: (out, mask), both of x's shape; mask is a float array of 0s and 1s (not scaled).
    """
    x = np.asarray(x, dtype=float)
    if not training or rate == 0:
        return x.copy(), np.ones_like(x)
    mask = (rng.uniform(size=x.shape) >= rate).astype(float)
    return x * mask / (1.0 - rate), mask


def dropout_backward(dout, mask, rate):
    """Backward pass of inverted dropout, with the mask of the forward pass.

    dout: the upstream gradient, any shape.  mask: the forward's 0/1 mask (same shape).
    rate: the forward's rate.  Returns: dx, the same shape as dout.
    Tested: against the reference and by a gradient check with the mask fixed.

    How:
    Backward pass of inverted dropout: the gradient flows only through the kept units.

        dx = dout * mask / (1 - rate)

    dout: upstream gradient, any shape.  mask: the 0/1 mask of the forward pass (same shape).
    rate: the forward's rate.  Returns: dx, same shape as dout.
    """
    return np.asarray(dout, dtype=float) * np.asarray(mask, dtype=float) / (1.0 - rate)


# --------------------------------------------------------------------------- batch normalization


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    """Batch normalization of each feature (column), with Keras's ``BatchNormalization`` semantics.

    Conventions (tested): training normalizes with this batch's mean and *biased* variance
    (divide by m), eps goes inside the square root, then scales by gamma and shifts by beta;
    ``momentum`` is the weight of the OLD running value (Keras: 0.99); a fresh layer starts from
    running = {"mean": zeros(d), "var": ones(d)}; with training=False the running statistics
    normalize instead and are returned unchanged.
    x: (m, d).  gamma, beta: (d,).  running: {"mean": (d,), "var": (d,)}, not modified.
    Returns: (out (m, d), cache, new_running) where cache holds whatever batchnorm_backward needs
    and new_running is a new dict {"mean": (d,), "var": (d,)}.

    How:
    Batch normalization of each feature (column), Keras's ``BatchNormalization`` semantics.

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
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    r_mean = np.asarray(running["mean"], dtype=float)
    r_var = np.asarray(running["var"], dtype=float)
    if training:
        mu = x.mean(axis=0)
        var = ((x - mu) ** 2).mean(axis=0)
        new_running = {"mean": momentum * r_mean + (1.0 - momentum) * mu,
                       "var": momentum * r_var + (1.0 - momentum) * var}
    else:
        mu, var = r_mean, r_var
        new_running = {"mean": r_mean.copy(), "var": r_var.copy()}
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = gamma * x_hat + beta
    cache = {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "training": bool(training)}
    return out, cache, new_running


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward: the gradients with respect to x, gamma and beta.

    dout: (m, d).  cache: from batchnorm_forward.
    Returns: (dx (m, d), dgamma (d,), dbeta (d,)).
    Derive dx through the computation graph step by step (the instructions guide you); tested
    against the reference, a batch of 2, and a gradient check of x, gamma and beta.

    How:
    Backward pass of batchnorm_forward: gradients with respect to x, gamma and beta.

    With g = dout * gamma (the gradient reaching x_hat), the chain rule through x_hat, the
    batch mean and the batch variance collapses to (sums over the batch axis, i):

        dbeta  = sum_i dout_i
        dgamma = sum_i dout_i * x_hat_i
        dx     = inv_std / m * (m * g - sum_i g_i - x_hat * sum_i (g_i * x_hat_i))

    (In inference mode mean and variance are constants, so dx = g * inv_std.)

    dout: (m, d).  cache: from batchnorm_forward.
    Returns: (dx (m, d), dgamma (d,), dbeta (d,)).
    """
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    if not cache["training"]:
        return g * inv_std, dgamma, dbeta
    m = dout.shape[0]
    dx = inv_std / m * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


# --------------------------------------------------------------------------- early stopping


def early_stopping(val_losses, patience, min_delta=0.0):
    """When Keras's ``EarlyStopping(monitor="val_loss", patience, min_delta)`` stops training.

    Keras's rule: an epoch improves when its loss < best - min_delta (strict: a tie is not an
    improvement), the first epoch always improves, and training stops at the epoch where the
    number of epochs without improvement reaches ``patience``.  Epochs are 0-based.
    val_losses: sequence of floats, one per epoch.  patience: int >= 0.  min_delta: float >= 0.
    Returns: (stop_epoch, best_epoch), ints; stop_epoch = len(val_losses) - 1 if it never stops,
    best_epoch = the epoch of the best loss.

    How:
    When Keras's ``EarlyStopping(monitor="val_loss", patience, min_delta)`` stops training.

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
    best, best_epoch, wait = None, 0, 0
    losses = [float(v) for v in val_losses]
    for epoch, loss in enumerate(losses):
        if best is None or loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(losses) - 1, best_epoch
