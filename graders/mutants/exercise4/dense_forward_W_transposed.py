"""dense_forward with W used transposed (the notes' (n_out, n_in) layout): x @ W.T."""
import numpy as np

BREAKS = "dense_forward"
ALSO_BREAKS = ("dense_backward",)  # raises on a non-square W: no cache for the backward to use


def dense_forward(x, W, b):
    x = np.asarray(x, dtype=float)
    W = np.asarray(W, dtype=float)
    return x @ W.T + b, (x, W)
