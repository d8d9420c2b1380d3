"""xor_network returns the output neuron's sigmoid value instead of a 0/1 prediction."""
import numpy as np

BREAKS = "xor_network"


def xor_network(x):
    x = np.asarray(x, dtype=float)
    h = (x @ np.array([[-2.0, 2.0], [-2.0, 2.0]]) + np.array([1.0, -3.0]) >= 0).astype(float)
    return 1.0 / (1.0 + np.exp(-(h @ np.array([-2.0, -2.0]) + 1.0)))
