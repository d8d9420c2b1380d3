"""init_params makes kernels (fan_out, fan_in), the PyTorch layout, instead of Keras's (fan_in, fan_out)."""
import numpy as np

BREAKS = "init_params"


def init_params(sizes, scheme, rng):
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        shape = (fan_out, fan_in)
        if scheme == "zeros":
            W = np.zeros(shape)
        elif scheme == "normal":
            W = rng.normal(0.0, 0.01, shape)
        elif scheme == "glorot_uniform":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, shape)
        else:
            W = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros(fan_out)
    return params
