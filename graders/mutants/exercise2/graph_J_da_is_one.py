"""graph_J: dJ/da is the local derivative dv/da = 1, without multiplying by dJ/dv = 3."""
BREAKS = "graph_J"


def graph_J(a, b, c):
    J = 3.0 * (a + b * c)
    return J, 1.0, 3.0 * c, 3.0 * b
