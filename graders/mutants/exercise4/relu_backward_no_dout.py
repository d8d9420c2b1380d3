"""relu_backward returning the local derivative (x > 0) without multiplying by dout."""

BREAKS = "relu_backward"


def relu_backward(dout, cache):
    return (cache > 0).astype(float)
