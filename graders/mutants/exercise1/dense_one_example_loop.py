"""The notes' loop version for one example, a_out = np.zeros(units): a batch collapses to one row."""
import numpy as np

BREAKS = "dense"


def dense(a_in, W, b, activation="sigmoid"):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "step": lambda z: (z >= 0) * 1.0,
         "relu": lambda z: max(z, 0.0), "linear": lambda z: z}[activation]
    a_in = np.asarray(a_in, dtype=float)
    units = W.shape[1]
    a_out = np.zeros(units)
    for j in range(units):
        z = np.dot(W[:, j], a_in.reshape(-1)[: W.shape[0]]) + b[j]
        a_out[j] = g(z)
    return a_out
