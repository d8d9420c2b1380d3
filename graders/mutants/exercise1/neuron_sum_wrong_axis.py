"""neuron sums x * w over the batch axis (axis=0) instead of over the features."""
import numpy as np

BREAKS = "neuron"


def neuron(x, w, b, activation="sigmoid"):
    z = np.sum(np.asarray(x, dtype=float) * np.asarray(w, dtype=float), axis=0) + b
    return {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "step": lambda z: (z >= 0) * 1.0,
            "relu": lambda z: np.maximum(z, 0.0), "linear": lambda z: z}[activation](z)
