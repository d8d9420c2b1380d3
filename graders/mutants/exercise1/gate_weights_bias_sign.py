"""The bias sign flipped (b = -w0): OR gets b = +1, so (0, 0) gives 1."""
import numpy as np

BREAKS = "gate_weights"


def gate_weights(name):
    table = {
        "or": ([2.0, 2.0], 1.0),
        "and": ([2.0, 2.0], 3.0),
        "nand": ([-2.0, -2.0], -3.0),
        "nor": ([-2.0, -2.0], -1.0),
    }
    w, b = table[name]
    return np.array(w), b
