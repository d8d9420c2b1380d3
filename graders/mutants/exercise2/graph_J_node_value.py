"""graph_J: multiplies by the node's value u = b*c instead of the other input (dJ/db = 3u)."""
BREAKS = "graph_J"


def graph_J(a, b, c):
    u = b * c
    J = 3.0 * (a + u)
    return J, 3.0, 3.0 * u, 3.0 * u
