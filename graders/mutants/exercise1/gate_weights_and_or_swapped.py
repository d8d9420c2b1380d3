"""AND and OR weights swapped (and so NAND and NOR)."""
import numpy as np

BREAKS = "gate_weights"


def gate_weights(name):
    table = {
        "and": ([2.0, 2.0], -1.0),
        "or": ([2.0, 2.0], -3.0),
        "nor": ([-2.0, -2.0], 3.0),
        "nand": ([-2.0, -2.0], 1.0),
    }
    w, b = table[name]
    return np.array(w), b
