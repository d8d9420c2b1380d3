"""numerical_derivative: method="central" computes a forward difference (error O(eps), not O(eps**2))."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="central"):
    return (f(x + eps) - f(x)) / eps
