"""graph_e: de/db follows only the path through c = a + b (de/db = d), forgetting the path through d."""
BREAKS = "graph_e"


def graph_e(a, b):
    c, d = a + b, b + 1.0
    return c * d, d, d
