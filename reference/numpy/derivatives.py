"""Derivatives by nudging, and by the chain rule on a computation graph.

A derivative answers "if w goes up by a tiny epsilon, how much does J(w) go up?": by k times
epsilon, and k is dJ/dw. At w = 2, J(w) = w**2 = 4; nudged to 2.001 it becomes 4.004001, up by
about 4 * 0.001, so dJ/dw = 4 (= 2w).

Finite differences turn that into code:

    forward:  (f(x + eps) - f(x)) / eps            error O(eps)      (the notes' nudge)
    central:  (f(x + eps) - f(x - eps)) / (2 eps)  error O(eps**2)   (what gradient checks use)

A computation graph breaks a formula into small steps; the backward pass multiplies the local
derivatives along each path from the output to an input (chain rule) and adds the paths when an
input reaches the output by more than one (sum rule).

The activation functions and their derivatives live in ``activations.py``.
"""

import numpy as np


def numerical_derivative(f, x, eps=1e-4, method="central"):
    """The slope of a one-variable function f at x, by finite differences.

    method="central" (the default) nudges x both ways, its error shrinks like eps**2;
    method="forward" is the notes' one-sided nudge, its error shrinks like eps.

    f: a function of one number.  x: a number.  eps: the nudge.  Returns: the estimate, a number.
    Tested: the notes' table (w**2, w**3, w, 1/w at w = 2), both methods, and how the error shrinks
    when eps is halved.

    How:
    The slope of a one-variable function f at x, by finite differences.

    method="central": (f(x + eps) - f(x - eps)) / (2 * eps), error shrinks like eps**2.
    method="forward": (f(x + eps) - f(x)) / eps, the notes' nudge; error shrinks like eps.

    f: a function of one number (it may also work elementwise on arrays).
    x: a number.  Returns: the derivative estimate, a number.

    Example: numerical_derivative(lambda w: w**2, 2.0, eps=0.001, method="forward") gives
    (4.004001 - 4) / 0.001 = 4.001; the central difference gives 4.0.
    """
    if method == "central":
        return (f(x + eps) - f(x - eps)) / (2.0 * eps)
    if method == "forward":
        return (f(x + eps) - f(x)) / eps
    raise ValueError(f"method must be 'central' or 'forward', not {method!r}")


def numerical_gradient(f, x, eps=1e-5):
    """The gradient of a scalar function of an array, by central differences, one coordinate at a time.

    f: array of x's shape -> number.  x: any shape.  eps: the nudge.
    Returns: an array of x's shape.  x itself must be left exactly as it was (nudge a copy).
    Tested: vectors, a (3, 2) matrix, x of size one, and functions whose coordinates interact.

    How:
    The gradient of a scalar function of an array, one coordinate at a time.

    grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 * eps), where e_i is 1 at index i and 0
    elsewhere (central differences). x itself is never modified: the nudges are made on a copy.

    f: array of x's shape -> number.  x: any shape.  Returns: an array of x's shape.
    """
    x = np.array(x, dtype=float)  # a private copy: nudging it cannot touch the caller's array
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def graph_J(a, b, c):
    """J = 3 (a + b c) and its derivatives, by a forward and a backward pass on the graph
    u = b c,  v = a + u,  J = 3 v.

    a, b, c: numbers.  Returns: (J, dJ_da, dJ_db, dJ_dc), numbers.
    At a = 5, b = 3, c = 2 (the notes' graph): (33, 3, 6, 9).
    Tested: the notes' point, a = 0, b and c of different signs, and your derivatives against
    nudges of your own J.

    How:
    J = 3 (a + b c) and its derivatives, by a forward and a backward pass on the graph.

    forward:   u = b c,   v = a + u,   J = 3 v
    backward:  start at dJ/dv = 3 and walk back to a, b and c, multiplying each step's local
               derivative (chain rule): dJ/da = dJ/dv * dv/da, dJ/db = dJ/dv * dv/du * du/db, ...

    a, b, c: numbers.  Returns: (J, dJ_da, dJ_db, dJ_dc), numbers.
    At a = 5, b = 3, c = 2 (the notes' graph): (33, 3, 6, 9).
    """
    u = b * c
    v = a + u
    J = 3.0 * v
    dJ_dv = 3.0            # J = 3v
    dJ_du = dJ_dv * 1.0    # v = a + u: dv/du = 1
    dJ_da = dJ_dv * 1.0    #            dv/da = 1
    dJ_db = dJ_du * c      # u = b c:   du/db = c
    dJ_dc = dJ_du * b      #            du/dc = b
    return float(J), float(dJ_da), float(dJ_db), float(dJ_dc)


def graph_e(a, b):
    """e = (a + b)(b + 1) and its derivatives, on the graph c = a + b, d = b + 1, e = c d.

    a, b: numbers.  Returns: (e, de_da, de_db), numbers.
    At a = 2, b = 1: (6, 2, 5).
    Tested: the slides' point, b = -1 (d = 0), and your derivatives against nudges of your own e.

    How:
    e = (a + b)(b + 1) and its derivatives, on the graph c = a + b, d = b + 1, e = c d.

    backward:  de/dc and de/dd by the product rule, then back to a and b by the chain rule.
               b reaches e by two paths (through c and through d): add their contributions.

    a, b: numbers.  Returns: (e, de_da, de_db), numbers.
    At a = 2, b = 1: c = 3, d = 2, so (6, 2, 5).
    """
    c = a + b
    d = b + 1.0
    e = c * d
    de_dc = d                          # e = c d: de/dc = d, de/dd = c
    de_dd = c
    de_da = de_dc * 1.0                # c = a + b: dc/da = 1
    de_db = de_dc * 1.0 + de_dd * 1.0  # two paths: dc/db = 1 and dd/db = 1, added
    return float(e), float(de_da), float(de_db)
