"""NAND and NOR made by negating only w of AND and OR, not the bias."""
import numpy as np

BREAKS = "gate_weights"


def gate_weights(name):
    table = {
        "or": ([2.0, 2.0], -1.0),
        "and": ([2.0, 2.0], -3.0),
        "nand": ([-2.0, -2.0], -3.0),
        "nor": ([-2.0, -2.0], -1.0),
    }
    w, b = table[name]
    return np.array(w), b
