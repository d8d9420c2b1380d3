"""neuron's step activation uses z > 0, so z = 0 gives 0."""
import numpy as np

BREAKS = "neuron"


def neuron(x, w, b, activation="sigmoid"):
    z = np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b
    return {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "step": lambda z: (z > 0) * 1.0,
            "relu": lambda z: np.maximum(z, 0.0), "linear": lambda z: z}[activation](z)
