"""neuron ignores its activation argument and always applies the sigmoid."""
import numpy as np

BREAKS = "neuron"


def neuron(x, w, b, activation="sigmoid"):
    z = np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b
    return 1.0 / (1.0 + np.exp(-z))
