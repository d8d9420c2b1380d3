"""optimize evaluates the gradient at w0 in every step."""
import numpy as np

BREAKS = "optimize"


def optimize(grad_fn, w0, update, config, steps):
    w = np.array(w0, dtype=float)
    g = grad_fn(w)
    path = [w]
    for _ in range(steps):
        w, config = update(w, g, config)
        path.append(w)
    return np.array(path)
