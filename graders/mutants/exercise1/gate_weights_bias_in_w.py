"""gate_weights returns the notes' three weights [w0, w1, w2] as w (bias inside w)."""
import numpy as np

BREAKS = "gate_weights"


def gate_weights(name):
    table = {
        "or": [-1.0, 2.0, 2.0],
        "and": [-3.0, 2.0, 2.0],
        "nand": [3.0, -2.0, -2.0],
        "nor": [1.0, -2.0, -2.0],
    }
    return np.array(table[name]), 0.0
