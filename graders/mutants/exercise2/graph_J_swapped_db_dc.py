"""graph_J: dJ/db and dJ/dc swapped (3b and 3c): du/db is c, not b."""
BREAKS = "graph_J"


def graph_J(a, b, c):
    J = 3.0 * (a + b * c)
    return J, 3.0, 3.0 * b, 3.0 * c
