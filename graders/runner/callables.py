"""Functions a test passes *to* a student function (f in numerical_derivative(f, x), an update
rule for optimize, ...).

Callables cannot cross the process boundary as data, so a test names one of these and the
child builds it. Like child.py this module is copied into the work dir and imports only
NumPy: it is the parent's code, chosen by the parent, never the student's.
"""

from __future__ import annotations

import numpy as np


def _square(x):
    return x**2


def _cube(x):
    return x**3


def _identity(x):
    return x


def _reciprocal(x):
    return 1.0 / x


def _log(x):
    return np.log(x)


def _three_a(x):
    return 3.0 * x


def _sin(x):
    return np.sin(x)


def _exp(x):
    return np.exp(x)


def _sum_squares(x):
    return float(np.sum(np.asarray(x) ** 2))


def _rosenbrock(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def _quadratic_form(A, c):
    """f(x) = 0.5 x^T A x + c . x (scalar), for a symmetric A."""
    A = np.asarray(A, dtype=float)
    c = np.asarray(c, dtype=float)

    def f(x):
        x = np.asarray(x, dtype=float)
        return float(0.5 * x @ A @ x + c @ x)

    return f


def _quadratic_grad(A, c):
    """grad of the quadratic form above: A x + c."""
    A = np.asarray(A, dtype=float)
    c = np.asarray(c, dtype=float)
    return lambda x: A @ np.asarray(x, dtype=float) + c


def _rosenbrock_grad():
    def g(x):
        x = np.asarray(x, dtype=float)
        grad = np.zeros_like(x)
        grad[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
        grad[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
        return grad

    return g


def _plain_sgd(learning_rate=0.1):
    """An update rule with the optimizer contract, for testing optimize() on its own."""

    def update(w, dw, config=None):
        config = dict(config or {})
        config["steps_seen"] = config.get("steps_seen", 0) + 1
        return w - learning_rate * dw, config

    return update


_SIMPLE = {
    "square": _square,
    "cube": _cube,
    "identity": _identity,
    "reciprocal": _reciprocal,
    "log": _log,
    "three_a": _three_a,
    "sin": _sin,
    "exp": _exp,
    "sum_squares": _sum_squares,
    "rosenbrock": _rosenbrock,
}

_FACTORIES = {
    "quadratic_form": _quadratic_form,
    "quadratic_grad": _quadratic_grad,
    "rosenbrock_grad": _rosenbrock_grad,
    "plain_sgd": _plain_sgd,
}


def make(name: str, **params):
    """Build the callable ``name`` with ``params``."""
    if name in _SIMPLE:
        return _SIMPLE[name]
    if name in _FACTORIES:
        return _FACTORIES[name](**params)
    raise KeyError(f"unknown callable {name!r}")
