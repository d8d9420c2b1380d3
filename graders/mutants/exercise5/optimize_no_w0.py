"""optimize returns only the points after each update, without w0 in row 0."""
import numpy as np

BREAKS = "optimize"


def optimize(grad_fn, w0, update, config, steps):
    w, path = np.array(w0, dtype=float), []
    for _ in range(steps):
        w, config = update(w, grad_fn(w), config)
        path.append(w)
    return np.array(path).reshape((steps,) + np.shape(w0))
