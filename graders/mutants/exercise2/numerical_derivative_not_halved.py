"""numerical_derivative: the central difference divides by eps instead of 2*eps (twice the slope)."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="central"):
    if method == "central":
        return (f(x + eps) - f(x - eps)) / eps
    return (f(x + eps) - f(x)) / eps
