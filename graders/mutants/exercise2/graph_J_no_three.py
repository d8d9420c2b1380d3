"""graph_J: the forward pass forgets the final J = 3v (returns v), derivatives right."""
BREAKS = "graph_J"


def graph_J(a, b, c):
    u = b * c
    v = a + u
    return v, 3.0, 3.0 * c, 3.0 * b
