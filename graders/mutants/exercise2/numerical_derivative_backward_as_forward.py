"""numerical_derivative: method="forward" nudges backwards, (f(x) - f(x - eps)) / eps."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="central"):
    if method == "central":
        return (f(x + eps) - f(x - eps)) / (2 * eps)
    return (f(x) - f(x - eps)) / eps
