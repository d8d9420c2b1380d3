"""exercise2: derivatives and computation graphs — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Public tests use the stored fixtures; the hidden ones live in ``exercise2_hidden.py`` (not in the handout).

Besides comparisons with the reference, three kinds of property run in the parent:
  * the order of a finite difference: ``numerical_derivative`` is called at several eps and the
    slope of log(error) against log(eps) must be 2 for "central" and 1 for "forward" (a forward
    difference labelled central has slope 1, a wrong denominator slope 0);
  * nudging a computation graph: ``graph_J`` / ``graph_e`` are called at the point and at
    every input nudged by +-h, and the derivatives they return must match central differences
    of the J (or e) they return;
  * gradient checks of each activation derivative against central differences of the student's
    own activation at points the parent chose (away from the kink at 0). Should the student's
    activation itself be wrong at those points (its own task loses points for that), the
    reference activation's values are used instead, so one mistake never costs two tasks.
"""

import numpy as np

from graders.spec import Call, Case, Compare, Fn, Out, Property, Task, Test, call, with_hints

# --------------------------------------------------------------------------- numerical_derivative

#: exact derivatives of the callables the order tests use (parent side, never sent to the child)
EXACT = {
    "sin": np.cos,
    "exp": np.exp,
    "log": lambda x: 1.0 / x,
    "cube": lambda x: 3.0 * x**2,
    "reciprocal": lambda x: -1.0 / x**2,
}
ORDER_EPS = (0.1, 0.05, 0.025, 0.0125)
EXPECTED_ORDER = {"central": 2.0, "forward": 1.0}

CENTRAL = ("central differences nudge x both ways, by +eps and by -eps, and divide by the whole distance "
           "between the two points (twice eps, not eps)")
FORWARD = ("forward differences are the notes' nudge: one nudge up by eps from x, compared with f at x "
           "itself, divided by eps")
TABLE = ("evaluate f at the nudged points and divide by the step; method='central' and method='forward' "
         "are different formulas — " + CENTRAL)


def _table_case(x, eps, method):
    """The notes' derivative table: w**2, w**3, w, 1/w at w = x, one call each."""
    calls = [Call("numerical_derivative", (Fn(name), x), {"eps": eps, "method": method})
             for name in ("square", "cube", "identity", "reciprocal")]
    return Case(calls, tuple(Out(i) for i in range(len(calls))))


def _order_case(fn, x, method):
    calls = [Call("numerical_derivative", (Fn(fn), x), {"eps": eps, "method": method}) for eps in ORDER_EPS]
    return Case(calls, tuple(Out(i) for i in range(len(calls))))


def _check_order(got, case, expected):
    """The error |estimate - f'(x)| must shrink like eps**2 (central) or eps**1 (forward)."""
    first = case.calls[0]
    fn, x, method = first.args[0].name, first.args[1], first.kwargs["method"]
    eps = np.array([c.kwargs["eps"] for c in case.calls])
    values = np.array([float(np.asarray(v).reshape(())) for v in got])
    exact = EXACT[fn](x)
    errors = np.abs(values - exact)
    shown = ", ".join(f"{e:.1e}" for e in errors)
    if not np.all(np.isfinite(values)):
        return f"non-finite estimates at eps = {list(eps)}"
    if np.any(errors == 0.0):
        return f"an error of exactly 0 at some eps (errors {shown}): is f evaluated at the nudged points?"
    slope = float(np.polyfit(np.log(eps), np.log(errors), 1)[0])
    want = EXPECTED_ORDER[method]
    if abs(slope - want) <= 0.3:
        return None
    intro = (f"the error of method={method!r} shrinks like eps**{slope:.2f}, expected eps**{want:.0f} "
             f"(f = {fn} at x = {x:g}; errors {shown} at eps = {', '.join(f'{e:g}' for e in eps)})")
    if method == "central" and abs(slope - 1.0) <= 0.3:
        return intro + ": that is the order of a forward difference, not a central one"
    if method == "forward" and abs(slope - 2.0) <= 0.3:
        return intro + ": that is the order of a central difference, not a forward one"
    if abs(slope) <= 0.3:
        return intro + ": the error does not shrink at all — the estimate is off by a constant factor (the step?)"
    return intro


ORDER_HINT = {
    "central": "halving eps should quarter the error of a central difference: " + CENTRAL,
    "forward": "halving eps should halve the error of a forward difference: " + FORWARD,
}

numerical_derivative = Task("numerical_derivative", [
    Test("the notes' nudge: w**2 at w = 2 by eps = 0.001 (forward)",
         lambda rng: call("numerical_derivative", Fn("square"), 2.0, eps=0.001, method="forward"),
         hint="(4.004001 - 4) / 0.001 = 4.001: " + FORWARD),
    Test("the notes' table w**2, w**3, w, 1/w at w = 2 (forward, eps = 0.001)",
         lambda rng: _table_case(2.0, 0.001, "forward"),
         hint="the notes' numbers: 4.004001, 8.012006, 2.001, 0.49975 at w = 2.001; " + FORWARD),
    Test("the notes' table w**2, w**3, w, 1/w at w = 2 (central, eps = 0.001)",
         lambda rng: _table_case(2.0, 0.001, "central"), hint=TABLE),
    Test("f(a) = 3a at a = 5: the slope is 3 (forward, eps = 0.001)",
         lambda rng: call("numerical_derivative", Fn("three_a"), 5.0, eps=0.001, method="forward"),
         hint="15.003 - 15 = 0.003, / 0.001 = 3: " + FORWARD),
    Test("defaults: eps = 1e-4, method = 'central'",
         lambda rng: call("numerical_derivative", Fn("exp"), 0.7), check=Compare(rtol=1e-8, atol=0.0),
         hint="keep the defaults of the signature: eps=1e-4, method='central'"),
    Test("negative x (cube at -1.5, central)",
         lambda rng: call("numerical_derivative", Fn("cube"), -1.5, eps=0.01, method="central"), hint=CENTRAL),
    Test("central error shrinks like eps**2 (sin at 1)", lambda rng: _order_case("sin", 1.0, "central"),
         check=Property(_check_order), hint=ORDER_HINT["central"]),
    Test("forward error shrinks like eps (sin at 1)", lambda rng: _order_case("sin", 1.0, "forward"),
         check=Property(_check_order), hint=ORDER_HINT["forward"]),
])

# --------------------------------------------------------------------------- numerical_gradient

GRAD = ("grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps): nudge ONE coordinate at a time, "
        "both ways, on a copy of x (np.array(x, dtype=float)) or restore it (x[i] = old) before the next")
SHAPE = "return an array of x's own shape (np.zeros_like(x), loop with np.ndindex(x.shape)), not a flat vector"
GRAD_TOL = Compare(rtol=1e-6, atol=1e-6)


def _near_one(rng, shape):
    return 1.0 + rng.uniform(-0.5, 0.5, size=shape)


def _quadratic(rng, n):
    M = rng.normal(size=(n, n))
    return Fn("quadratic_form", {"A": M @ M.T + n * np.eye(n), "c": rng.normal(size=n)})


numerical_gradient = Task("numerical_gradient", [
    Test("sum of squares of a vector (gradient 2x)",
         lambda rng: call("numerical_gradient", Fn("sum_squares"), rng.normal(0, 2, size=5)), check=GRAD_TOL,
         hint=GRAD),
    Test("Rosenbrock: coordinates interact",
         lambda rng: call("numerical_gradient", Fn("rosenbrock"), _near_one(rng, 4)), check=GRAD_TOL,
         hint=GRAD + "; with interacting coordinates a nudge left in place spoils every later coordinate"),
    Test("quadratic form 0.5 x^T A x + c.x (gradient A x + c)",
         lambda rng: call("numerical_gradient", _quadratic(rng, 4), rng.normal(size=4), eps=1e-4), check=GRAD_TOL,
         hint=GRAD + "; use the eps you are given"),
    Test("a matrix x of shape (3, 2): the gradient has x's shape",
         lambda rng: call("numerical_gradient", Fn("rosenbrock"), _near_one(rng, (3, 2))), check=GRAD_TOL,
         hint=SHAPE),
    Test("x of size one", lambda rng: call("numerical_gradient", Fn("sum_squares"), np.array([1.5])), check=GRAD_TOL,
         hint=GRAD),
    Test("x left exactly as it was (values like 0.1 and 1/3)",
         lambda rng: call("numerical_gradient", Fn("rosenbrock"), np.array([0.1, 1.0 / 3.0, 0.7, 2.0 / 3.0])),
         check=GRAD_TOL,
         hint="x[i] += eps; x[i] -= 2*eps; x[i] += eps does not give back the same float (0.1 becomes "
              "0.09999999999999999): save old = x[i] and restore x[i] = old, or nudge a copy"),
    Test("degenerate: x all zeros (2, 2)",
         lambda rng: call("numerical_gradient", Fn("sum_squares"), np.zeros((2, 2))), check=GRAD_TOL,
         hint="the gradient has x's shape: (2, 2) here, not a single number"),
])

# --------------------------------------------------------------------------- computation graphs

NUDGE_H = 1e-4


def _nudge_case(fn, point):
    """The graph at ``point`` and at every input nudged by +-h (parent-chosen)."""
    calls = [Call(fn, tuple(point))]
    for i in range(len(point)):
        for sign in (1.0, -1.0):
            nudged = list(point)
            nudged[i] = point[i] + sign * NUDGE_H
            calls.append(Call(fn, tuple(nudged)))
    return Case(calls, (Out(0), *(Out(i, 0) for i in range(1, len(calls)))))  # nudged calls: the value only


def _check_nudges(names):
    """The derivatives returned at the point must match central differences of the value returned."""

    def predicate(got, case, expected):
        first = got[0]
        if not isinstance(first, list) or len(first) != len(names) + 1:
            return f"expected a tuple of {len(names) + 1} numbers ({', '.join(names)} after the value)"
        values = [float(np.asarray(r).reshape(())) for r in got[1:]]
        bad = []
        for i, name in enumerate(names):
            numeric = (values[2 * i] - values[2 * i + 1]) / (2 * NUDGE_H)
            analytic = float(np.asarray(first[i + 1]).reshape(()))
            if abs(analytic - numeric) > 1e-6 * max(1.0, abs(numeric)):
                bad.append(f"{name}: you return {analytic:.6g}, nudging the value gives {numeric:.6g}")
        if bad:
            point = ", ".join(f"{v:g}" for v in case.calls[0].args)
            return f"at ({point}) the derivatives disagree with nudging your own output: " + "; ".join(bad)
        return None

    return predicate


def _point(rng, n):
    return tuple(float(v) for v in np.round(rng.uniform(-5, 5, size=n), 3))


J_CHAIN = ("backward from J, multiply the local derivatives of the nodes along the path from J to "
           "each input (chain rule), and check each against a nudge of that input")

graph_J = Task("graph_J", [
    Test("the notes' graph: a = 5, b = 3, c = 2 gives (33, 3, 6, 9)",
         lambda rng: call("graph_J", 5.0, 3.0, 2.0), hint=J_CHAIN),
    Test("b and c differ in sign and size (which input goes where)",
         lambda rng: call("graph_J", 1.0, 2.0, -4.0),
         hint="du/db = c and du/dc = b: each input's local derivative is the OTHER factor; " + J_CHAIN),
    Test("a = 0: dJ/da is still 3", lambda rng: call("graph_J", 0.0, 1.5, 0.5),
         hint="v = a + u, so dv/da = 1 and dJ/da = dJ/dv * 1 = 3, whatever the values"),
    Test("random point", lambda rng: call("graph_J", *_point(rng, 3)), hint=J_CHAIN),
    Test("derivatives agree with nudging your own J", lambda rng: _nudge_case("graph_J", _point(rng, 3)),
         check=Property(_check_nudges(["dJ_da", "dJ_db", "dJ_dc"])),
         hint="nudge a by 0.001 and watch J: it should move by dJ/da * 0.001 (the notes do this by hand)"),
])

E_PATHS = ("b reaches e through BOTH c and d: de/db adds the contributions of the two paths (sum "
           "rule), each a product of local derivatives (product rule for e = c d)")

graph_e = Task("graph_e", [
    Test("the slides' graph at a = 2, b = 1 gives (6, 2, 5)", lambda rng: call("graph_e", 2.0, 1.0), hint=E_PATHS),
    Test("b = -1 makes d = 0: only the path through d is left",
         lambda rng: call("graph_e", 3.0, -1.0), hint=E_PATHS),
    Test("random point", lambda rng: call("graph_e", *_point(rng, 2)), hint=E_PATHS),
    Test("derivatives agree with nudging your own e", lambda rng: _nudge_case("graph_e", _point(rng, 2)),
         check=Property(_check_nudges(["de_da", "de_db"])), hint=E_PATHS),
])

# --------------------------------------------------------------------------- activations and derivatives

GC_H = 1e-5
GC_THRESHOLD = 1e-7


def _away_from_kink(rng, shape, scale=3.0):
    """Points for gradient checks: |z| >= 0.01, far from the kink of relu at 0 compared with h."""
    z = rng.uniform(0.01, scale, size=shape)
    return z * rng.choice([-1.0, 1.0], size=shape)


def _gradcheck_case(prime, activation, z, **kwargs):
    """prime(z), and the student's activation at z + h and z - h."""
    calls = [Call(prime, (z,), dict(kwargs))]
    if activation:
        calls += [Call(activation, (z + GC_H,), dict(kwargs)), Call(activation, (z - GC_H,), dict(kwargs))]
    return Case(calls, tuple(Out(i) for i in range(len(calls))))


def _relative_errors(a, n):
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


def _check_against_activation(prime, activation):
    """Gradient check of ``prime`` against central differences of the student's own ``activation``."""

    def predicate(got, case, expected):
        z = case.calls[0].args[0]
        g = got[0]
        if not isinstance(g, np.ndarray) or g.shape != z.shape:
            return f"{prime} returned shape {getattr(g, 'shape', None)}, expected z's shape {z.shape}"
        if activation is None:  # sigmoid is no task here: check against the reference's derivative itself
            return _against_reference(prime, g, z, np.asarray(expected[0], dtype=float))
        else:
            plus, minus = got[1], got[2]
            source = f"your {activation}"
            own_ok = all(isinstance(v, np.ndarray) and v.shape == z.shape and np.all(np.isfinite(v))
                         and np.allclose(v, e, rtol=1e-9, atol=1e-12)
                         for v, e in zip(got[1:], expected[1:], strict=True))
            if not own_ok:  # the activation's own task fails for that; judge the derivative on its own
                plus, minus, source = expected[1], expected[2], f"the correct {activation} (yours is wrong)"
        numeric = (plus - minus) / (2 * GC_H)
        errors = _relative_errors(g, numeric)
        if not np.all(np.isfinite(g)):
            return f"{prime} returned NaN or inf"
        if errors.max() <= GC_THRESHOLD:
            return None
        k = np.unravel_index(np.argmax(errors), errors.shape)
        return (f"gradient check failed: {prime} disagrees with finite differences of {source} "
                f"(max relative error {errors.max():.1e}, threshold {GC_THRESHOLD:.0e}); at z = {z[k]:.4g}: "
                f"{prime} gives {g[k]:.6g}, ({activation or 'sigmoid'}(z + h) - {activation or 'sigmoid'}(z - h)) "
                f"/ 2h gives {numeric[k]:.6g}")

    return predicate


def _against_reference(prime, g, z, want):
    """The gradient check's message, with the reference's derivative in place of finite differences
    (the judge has no sigmoid of its own: that would be exercise1's answer in the handout)."""
    if not np.all(np.isfinite(g)):
        return f"{prime} returned NaN or inf"
    errors = _relative_errors(g, want)
    if errors.max() <= GC_THRESHOLD:
        return None
    k = np.unravel_index(np.argmax(errors), errors.shape)
    return (f"{prime} disagrees with the derivative of sigmoid (max relative error {errors.max():.1e}, threshold "
            f"{GC_THRESHOLD:.0e}); at z = {z[k]:.4g}: {prime} gives {g[k]:.6g}, the derivative is {want[k]:.6g}")


def _gradcheck_test(name, prime, activation, hint, hidden=False, **kwargs):
    return Test(name, lambda rng: _gradcheck_case(prime, activation, _away_from_kink(rng, (4, 3)), **kwargs),
                check=Property(_check_against_activation(prime, activation), with_reference=True),
                hint=hint, hidden=hidden, pure=False)  # purity of the activation is its own task's business


NOTES_Z = np.array([-10.0, -2.0, -1.0, 0.0, 1.0, 2.0, 10.0])
MIXED = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
HUGE = np.array([-1000.0, -50.0, 50.0, 1000.0])
PURE = "; work on z without changing it (no z[...] = ..., no out=z)"


def _batch(rng, shape=(4, 3), scale=3.0):
    return rng.normal(0.0, scale, size=shape)


SIG = ("the slope is written with the sigmoid of z, not with z itself: the notes' shorthand z(1 - z) "
       "means a(1 - a) with a = g(z), and this function takes z, so compute the sigmoid first")
SIG_STABLE = ("for z = -1000, exp(-z) overflows: exp(-z) / (1 + exp(-z))**2 is inf/inf = NaN; compute s with a "
              "stable sigmoid (exp(-|z|), as in exercise1) and return s * (1 - s)")

sigmoid_prime = Task("sigmoid_prime", [
    Test("the notes' points: 0.25 at z = 0, about 0 at z = +-10", lambda rng: call("sigmoid_prime", NOTES_Z), hint=SIG),
    Test("a batch of z (4, 3)", lambda rng: call("sigmoid_prime", _batch(rng)), hint=SIG),
    Test("a single number z = 0", lambda rng: call("sigmoid_prime", 0.0), hint=SIG),
    Test("huge |z| (+-1000): no overflow", lambda rng: call("sigmoid_prime", HUGE), hint=SIG_STABLE),
    _gradcheck_test("gradient check against sigmoid", "sigmoid_prime", None,
                    hint="sigmoid_prime must be the slope of sigmoid: " + SIG),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("sigmoid_prime", np.zeros((2, 3))),
         hint=SIG + "; the result has z's shape, (2, 3) here, not a single number"),
])

TANH = ("tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1): np.tanh(z), or that formula with parentheses "
        "around numerator and denominator")
TANH_STABLE = ("e^1000 overflows to inf and inf/inf is NaN (so does the slides' (1 - exp(-2z)) / (1 + exp(-2z)) at "
               "z = -1000): use np.tanh, which is stable")

tanh = Task("tanh", [
    Test("the notes' points: 0 at z = 0, about +-1 at z = +-10", lambda rng: call("tanh", NOTES_Z), hint=TANH + PURE),
    Test("a batch of z (4, 3)", lambda rng: call("tanh", _batch(rng)), hint=TANH + PURE),
    Test("a single number z = 0.5", lambda rng: call("tanh", 0.5),
         hint=TANH + "; tanh(z) = 2 sigmoid(2z) - 1, not 2 sigmoid(z) - 1"),
    Test("huge |z| (+-1000): no overflow", lambda rng: call("tanh", HUGE), hint=TANH_STABLE),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("tanh", np.zeros((2, 3))),
         hint=TANH + "; the result has z's shape, (2, 3) here, not a single number"),
])

TANH_PRIME = ("tanh'(z) = 1 - tanh(z)**2 (square tanh(z), not z). The notes' shorthand 1 - z**2 means 1 - a**2 with "
              "a = tanh(z)")

tanh_prime = Task("tanh_prime", [
    Test("the notes' points: 1 at z = 0, about 0 at z = +-10", lambda rng: call("tanh_prime", NOTES_Z),
         hint=TANH_PRIME),
    Test("a batch of z (4, 3)", lambda rng: call("tanh_prime", _batch(rng)), hint=TANH_PRIME),
    Test("huge |z| (+-1000): no overflow", lambda rng: call("tanh_prime", HUGE),
         hint=TANH_PRIME + "; cosh(1000) overflows, np.tanh does not"),
    _gradcheck_test("gradient check against your tanh", "tanh_prime", "tanh",
                    hint="tanh_prime must be the slope of tanh: " + TANH_PRIME),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("tanh_prime", np.zeros((2, 3))),
         hint=TANH_PRIME + "; the result has z's shape, (2, 3) here, not a single number"),
])

RELU = "relu(z) = np.maximum(0, z), elementwise (np.max(z, 0) is a reduction over axis 0, not an elementwise max)"

relu = Task("relu", [
    Test("the slides' points z = -2..2", lambda rng: call("relu", MIXED), hint=RELU + PURE),
    Test("a batch of z (4, 5): elementwise, same shape", lambda rng: call("relu", _batch(rng, (4, 5))),
         hint=RELU + PURE),
    Test("a single negative number", lambda rng: call("relu", -0.5), hint=RELU),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("relu", np.zeros((2, 3))),
         hint=RELU + "; the result has z's shape, (2, 3) here, not a single number"),
])

RELU_PRIME = ("relu'(z) = 1 where z > 0, 0 where z <= 0 (this course takes 0 at the kink z = 0, like TensorFlow): "
              "(z > 0).astype(float)")


def _with_zeros(rng, shape=(4, 3)):
    z = _batch(rng, shape)
    z.flat[:: 3] = 0.0
    return z


relu_prime = Task("relu_prime", [
    Test("the slides' points z = -2..2 (0 at z = 0)", lambda rng: call("relu_prime", MIXED), hint=RELU_PRIME + PURE),
    Test("z exactly 0 (the kink)", lambda rng: call("relu_prime", 0.0), hint=RELU_PRIME),
    Test("a batch with exact zeros (4, 3)", lambda rng: call("relu_prime", _with_zeros(rng)), hint=RELU_PRIME + PURE),
    _gradcheck_test("gradient check against your relu (away from 0)", "relu_prime", "relu",
                    hint="relu_prime is the slope of relu: 0 for negative z, 1 for positive z (not -1, not relu(z))"),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("relu_prime", np.zeros((2, 3))),
         hint=RELU_PRIME + "; the result has z's shape, (2, 3) here, not a single number"),
])

LEAKY = ("leaky_relu(z, alpha) = z where z > 0, alpha * z elsewhere (the notes' max(0.1 z, z) for alpha = 0.1); "
         "use the alpha you are given, default 0.1")

leaky_relu = Task("leaky_relu", [
    Test("the notes' max(0.1 z, z) with the default alpha", lambda rng: call("leaky_relu", MIXED), hint=LEAKY + PURE),
    Test("alpha = 0.2 passed by keyword", lambda rng: call("leaky_relu", _batch(rng), alpha=0.2), hint=LEAKY),
    Test("alpha = 0.01 passed by position", lambda rng: call("leaky_relu", _batch(rng, (5,)), 0.01), hint=LEAKY),
    Test("a single negative number", lambda rng: call("leaky_relu", -3.0),
         hint="the leak is a slope: leaky_relu(-3) = 0.1 * -3 = -0.3, not the constant 0.1"),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("leaky_relu", np.zeros((2, 3))),
         hint=LEAKY + "; the result has z's shape, (2, 3) here, not a single number"),
])

LEAKY_PRIME = ("leaky_relu'(z) = 1 where z > 0, alpha where z <= 0 (alpha at z = 0, like TensorFlow): "
               "np.where(z > 0, 1.0, alpha); the slope for negative z is alpha, not alpha * z and not 0")

leaky_relu_prime = Task("leaky_relu_prime", [
    Test("the slides' points z = -2..2 with the default alpha (alpha at 0)",
         lambda rng: call("leaky_relu_prime", MIXED), hint=LEAKY_PRIME + PURE),
    Test("z exactly 0 gives alpha (alpha = 0.25)", lambda rng: call("leaky_relu_prime", 0.0, alpha=0.25),
         hint=LEAKY_PRIME),
    Test("alpha = 0.2 on a batch with zeros", lambda rng: call("leaky_relu_prime", _with_zeros(rng), alpha=0.2),
         hint=LEAKY_PRIME + "; use the alpha you are given"),
    _gradcheck_test("gradient check against your leaky_relu (alpha = 0.3, away from 0)", "leaky_relu_prime",
                    "leaky_relu", hint="leaky_relu_prime is the slope of leaky_relu: " + LEAKY_PRIME, alpha=0.3),
    Test("degenerate: all zeros (2, 3)", lambda rng: call("leaky_relu_prime", np.zeros((2, 3))),
         hint=LEAKY_PRIME + "; the result has z's shape, (2, 3) here, not a single number"),
])

TASKS = [numerical_derivative, numerical_gradient, graph_J, graph_e, sigmoid_prime, tanh, tanh_prime, relu,
         relu_prime, leaky_relu, leaky_relu_prime]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise2 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "numerical_derivative": (
        "A derivative is how much f goes up per unit of nudge: nudge x, see how f changes, divide by the "
        "size of the nudge. The forward method nudges one way; the central method both ways (second-order "
        "accurate).",
        "forward: (f(x + eps) - f(x)) / eps; central: (f(x + eps) - f(x - eps)) / (2 eps).",
    ),
    "numerical_gradient": (
        "A gradient is one partial derivative per entry of x: nudge one entry at a time (both ways), leave "
        "the others as they were, and put the slope in that entry of an array of x's shape.",
        "grad_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), with e_i the array of zeros with a 1 at entry i.",
    ),
    "graph_J": (
        "Go forward through the graph's nodes, then backward multiplying the local derivatives along the path "
        "from J to each input (the chain rule).",
        "u = b c, v = a + u, J = 3 v; dJ/da = 3, dJ/db = 3 c, dJ/dc = 3 b.",
    ),
    "graph_e": (
        "b reaches e along two paths (through c and through d): compute each path's product of local "
        "derivatives and add the paths (the sum rule).",
        "c = a + b, d = b + 1, e = c d; de/da = d, de/db = d + c.",
    ),
    "sigmoid_prime": (
        "The sigmoid's derivative can be written with the sigmoid itself, so compute s = sigmoid(z) once "
        "and reuse it; it peaks at 1/4 at z = 0.",
        "sigmoid'(z) = s (1 - s) with s = sigmoid(z).",
    ),
    "tanh": (
        "tanh squashes z into (-1, 1), centred at 0; write it from exponentials in a form that never "
        "overflows for large |z|, or use the identity with the sigmoid.",
        "tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)) = 2 sigmoid(2 z) - 1.",
    ),
    "tanh_prime": (
        "Like the sigmoid's, tanh's derivative is a function of tanh itself; it is 1 at z = 0 and "
        "vanishes for large |z|.",
        "tanh'(z) = 1 - tanh(z)^2.",
    ),
    "relu": (
        "ReLU keeps positive values and replaces negative ones by 0, elementwise, keeping the shape.",
        "relu(z) = max(0, z) for every element.",
    ),
    "relu_prime": (
        "ReLU's slope is 1 where it passes z and 0 where it blocks it; at the kink z = 0 this course uses 0.",
        "relu'(z) = 1 if z > 0 else 0, for every element.",
    ),
    "leaky_relu": (
        "Leaky ReLU lets a small slope alpha through on the negative side instead of 0.",
        "leaky_relu(z) = z if z > 0 else alpha z, for every element.",
    ),
    "leaky_relu_prime": (
        "Its derivative is 1 on the positive side and alpha on the negative side (alpha at z = 0 here).",
        "leaky_relu'(z) = 1 if z > 0 else alpha, for every element.",
    ),
})
