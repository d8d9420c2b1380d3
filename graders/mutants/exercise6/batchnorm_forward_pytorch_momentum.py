"""batchnorm_forward with PyTorch's momentum convention: new = (1 - momentum) * running + momentum * batch."""
import numpy as np

BREAKS = "batchnorm_forward"


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    x = np.asarray(x, dtype=float)
    if training:
        mu, var = x.mean(axis=0), x.var(axis=0)
        new_running = {"mean": (1 - momentum) * running["mean"] + momentum * mu,
                       "var": (1 - momentum) * running["var"] + momentum * var}
    else:
        mu, var = running["mean"], running["var"]
        new_running = {"mean": np.array(mu, dtype=float), "var": np.array(var, dtype=float)}
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "training": training}, new_running
