"""relu_forward zeroing the negatives of x in place (modifies the caller's array)."""

BREAKS = "relu_forward"


def relu_forward(x):
    cache = x.copy()
    x[x < 0] = 0.0
    return x, cache
