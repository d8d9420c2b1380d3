"""optimize passes the initial config to every update instead of the returned one."""
import numpy as np

BREAKS = "optimize"


def optimize(grad_fn, w0, update, config, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w, _ = update(w, grad_fn(w), config)
        path.append(w)
    return np.array(path)
