"""batchnorm_forward ignoring training: it normalizes with the batch's statistics at inference too."""
import numpy as np

BREAKS = "batchnorm_forward"


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    x = np.asarray(x, dtype=float)
    mu, var = x.mean(axis=0), x.var(axis=0)
    if training:
        new_running = {"mean": momentum * running["mean"] + (1 - momentum) * mu,
                       "var": momentum * running["var"] + (1 - momentum) * var}
    else:
        new_running = {"mean": np.array(running["mean"], dtype=float), "var": np.array(running["var"], dtype=float)}
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "training": training}, new_running
