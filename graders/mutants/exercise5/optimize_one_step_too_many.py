"""optimize runs steps + 1 updates (range(steps + 1)) after w0."""
import numpy as np

BREAKS = "optimize"


def optimize(grad_fn, w0, update, config, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps + 1):
        w, config = update(w, grad_fn(w), config)
        path.append(w)
    return np.array(path)
