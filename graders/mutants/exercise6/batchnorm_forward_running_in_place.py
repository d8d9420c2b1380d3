"""batchnorm_forward updating the caller's running statistics in place (cs231n's bn_param style)."""
import numpy as np

BREAKS = "batchnorm_forward"


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    x = np.asarray(x, dtype=float)
    if training:
        mu, var = x.mean(axis=0), x.var(axis=0)
        running["mean"] *= momentum
        running["mean"] += (1 - momentum) * mu
        running["var"] *= momentum
        running["var"] += (1 - momentum) * var
    else:
        mu, var = running["mean"], running["var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "training": training}, running
