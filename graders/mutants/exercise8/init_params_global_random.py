"""init_params draws from np.random instead of the rng it is given (not reproducible)."""
import numpy as np

BREAKS = "init_params"


def init_params(sizes, scheme, rng):
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        if scheme == "zeros":
            W = np.zeros((fan_in, fan_out))
        elif scheme == "normal":
            W = np.random.normal(0.0, 0.01, (fan_in, fan_out))
        elif scheme == "glorot_uniform":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = np.random.uniform(-limit, limit, (fan_in, fan_out))
        else:
            W = np.random.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out))
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros(fan_out)
    return params
