"""dense_backward with dW transposed: dout.T @ x (right only in the notes' (n_out, n_in) layout)."""

BREAKS = "dense_backward"


def dense_backward(dout, cache):
    x, W = cache
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)
