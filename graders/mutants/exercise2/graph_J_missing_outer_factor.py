"""graph_J: dJ/db and dJ/dc stop at u = b*c and drop the factor dJ/du = 3 (chain rule cut short)."""
BREAKS = "graph_J"


def graph_J(a, b, c):
    J = 3.0 * (a + b * c)
    return J, 3.0, c, b
