"""graph_e: de/db follows only the path through d = b + 1 (de/db = c), forgetting the path through c."""
BREAKS = "graph_e"


def graph_e(a, b):
    c, d = a + b, b + 1.0
    return c * d, d, c
