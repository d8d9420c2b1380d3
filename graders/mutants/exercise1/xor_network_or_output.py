"""Output layer OR instead of NOR: OR(NOR, AND) is XNOR, every prediction inverted."""
import numpy as np

BREAKS = "xor_network"


def xor_network(x):
    x = np.asarray(x, dtype=float)
    h = (x @ np.array([[-2.0, 2.0], [-2.0, 2.0]]) + np.array([1.0, -3.0]) >= 0).astype(float)
    return (h @ np.array([2.0, 2.0]) - 1.0 >= 0).astype(float)
