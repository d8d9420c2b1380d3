"""graph_e: de/da uses c (the factor a sits in) instead of the other factor d = b + 1."""
BREAKS = "graph_e"


def graph_e(a, b):
    c, d = a + b, b + 1.0
    return c * d, c, c + d
