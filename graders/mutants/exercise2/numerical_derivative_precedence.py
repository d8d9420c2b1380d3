"""numerical_derivative: `/ 2 * eps` multiplies by eps instead of dividing by 2*eps."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="central"):
    if method == "central":
        return (f(x + eps) - f(x - eps)) / 2 * eps
    return (f(x + eps) - f(x)) / eps
