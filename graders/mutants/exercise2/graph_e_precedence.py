"""graph_e: e = a + b * (b + 1) (missing parentheses around a + b), derivatives right."""
BREAKS = "graph_e"


def graph_e(a, b):
    c, d = a + b, b + 1.0
    return a + b * (b + 1.0), d, c + d
