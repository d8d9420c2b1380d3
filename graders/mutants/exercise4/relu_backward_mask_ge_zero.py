"""relu_backward with the mask x >= 0: gradient 1 at the kink x = 0 (the convention is 0)."""

BREAKS = "relu_backward"


def relu_backward(dout, cache):
    return dout * (cache >= 0)
