"""XOR with sigmoid hidden units and the notes' weights as written: outputs 0.364/0.481, (0,1) and (1,0) wrong."""
import numpy as np

BREAKS = "xor_network"


def xor_network(x):
    x = np.asarray(x, dtype=float)
    W1 = np.array([[-2.0, 2.0], [-2.0, 2.0]])
    b1 = np.array([1.0, -3.0])
    h = 1.0 / (1.0 + np.exp(-(x @ W1 + b1)))
    out = 1.0 / (1.0 + np.exp(-(h @ np.array([-2.0, -2.0]) + 1.0)))
    return (out >= 0.5).astype(float)
