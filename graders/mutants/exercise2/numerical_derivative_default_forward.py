"""numerical_derivative: the default method is "forward" instead of "central"."""
BREAKS = "numerical_derivative"


def numerical_derivative(f, x, eps=1e-4, method="forward"):
    if method == "central":
        return (f(x + eps) - f(x - eps)) / (2 * eps)
    return (f(x + eps) - f(x)) / eps
