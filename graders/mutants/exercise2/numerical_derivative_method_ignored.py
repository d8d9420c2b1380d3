"""numerical_derivative: the method argument is ignored, always a central difference."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="central"):
    return (f(x + eps) - f(x - eps)) / (2 * eps)
