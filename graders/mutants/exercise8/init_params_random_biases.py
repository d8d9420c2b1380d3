"""init_params draws the biases like the kernels instead of starting them at 0."""
import numpy as np

BREAKS = "init_params"


def init_params(sizes, scheme, rng):
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        std = {"zeros": 0.0, "normal": 0.01, "glorot_uniform": np.sqrt(2.0 / (fan_in + fan_out)),
               "he_normal": np.sqrt(2.0 / fan_in)}[scheme]
        if scheme == "glorot_uniform":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, (fan_in, fan_out))
        else:
            W = rng.normal(0.0, std, (fan_in, fan_out)) if std else np.zeros((fan_in, fan_out))
        params[f"W{l}"], params[f"b{l}"] = W, rng.normal(0.0, 0.01, fan_out)
    return params
