"""dense_backward with dx = dout @ W (W not transposed)."""

BREAKS = "dense_backward"


def dense_backward(dout, cache):
    x, W = cache
    return dout @ W, x.T @ dout, dout.sum(axis=0)
