"""graph_e: the two paths from b are multiplied (c * d) instead of added (c + d)."""
BREAKS = "graph_e"


def graph_e(a, b):
    c, d = a + b, b + 1.0
    return c * d, d, c * d
