"""exercise2 beyond the common checks (test_all_exercises.py): other correct styles get full marks, the properties are sharp."""

import json

import numpy as np

from graders.exercises import exercise2 as spec
from tests.conftest import run_nnlab

OTHER_STYLE = '''
import numpy as np


def numerical_derivative(f, x, eps=1e-4, method="central"):
    if method == "forward":
        return (f(x + eps) - f(x)) / eps
    if method == "central":                      # the mean of a forward and a backward difference
        return 0.5 * ((f(x + eps) - f(x)) / eps + (f(x) - f(x - eps)) / eps)
    raise ValueError(method)


def numerical_gradient(f, x, eps=1e-5):
    x = np.asarray(x, dtype=float)
    grad = []
    for i in range(x.size):                      # basis vectors instead of in-place nudges
        e = np.zeros(x.size)
        e[i] = eps
        e = e.reshape(x.shape)
        grad.append((f(x + e) - f(x - e)) / (2 * eps))
    return np.array(grad).reshape(x.shape)


def graph_J(a, b, c):
    return 3 * (a + b * c), 3, 3 * c, 3 * b      # ints are fine


def graph_e(a, b):
    return np.float64((a + b) * (b + 1)), b + 1, a + 2 * b + 1


def sigmoid_prime(z):
    with np.errstate(over="ignore"):
        return 0.25 / np.cosh(0.5 * np.asarray(z, dtype=float)) ** 2


def tanh(z):
    z = np.asarray(z, dtype=float)
    return 2 * (0.5 * (1 + np.tanh(z))) - 1


def tanh_prime(z):
    t = tanh(z)
    return (1 - t) * (1 + t)


def relu(z):
    z = np.array(z, dtype=float)                 # a copy, so zeroing in place is fine
    z[z < 0] = 0.0
    return z


def relu_prime(z):
    return np.heaviside(z, 0.0)


def leaky_relu(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.maximum(alpha * z, z)              # the notes' max(0.1 z, z)


def leaky_relu_prime(z, alpha=0.1):
    z = np.asarray(z, dtype=float)
    return np.piecewise(z, [z > 0, z <= 0], [1.0, alpha])
'''

TASK_NAMES = {"numerical_derivative", "numerical_gradient", "graph_J", "graph_e", "sigmoid_prime", "tanh",
              "tanh_prime", "relu", "relu_prime", "leaky_relu", "leaky_relu_prime"}


def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise2", "--file", write("mine.py", OTHER_STYLE), "--json", "--hidden")
    data = json.loads(result.stdout)
    assert result.returncode == 0, [t for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == data["max_score"] == 15


# --------------------------------------------------------------------------- the properties, in-process


def _order_values(case, estimate):
    return [np.array(estimate(c.kwargs["eps"])) for c in case.calls]


def test_order_property_tells_central_from_forward():
    case = spec._order_case("sin", 1.0, "central")
    x = 1.0
    central = _order_values(case, lambda h: (np.sin(x + h) - np.sin(x - h)) / (2 * h))
    forward = _order_values(case, lambda h: (np.sin(x + h) - np.sin(x)) / h)
    not_halved = _order_values(case, lambda h: (np.sin(x + h) - np.sin(x - h)) / h)
    assert spec._check_order(central, case, None) is None
    assert "forward difference" in spec._check_order(forward, case, None)
    assert "does not shrink" in spec._check_order(not_halved, case, None)
    fcase = spec._order_case("sin", 1.0, "forward")
    assert spec._check_order(forward, fcase, None) is None
    assert "central difference" in spec._check_order(central, fcase, None)


def test_nudge_property_uses_the_students_own_value():
    case = spec._nudge_case("graph_e", (2.0, 1.0))

    def run(fn):
        results = [fn(*c.args) for c in case.calls]
        return [[np.array(v) for v in results[0]]] + [np.array(r[0]) for r in results[1:]]

    check = spec._check_nudges(["de_da", "de_db"])
    assert check(run(lambda a, b: ((a + b) * (b + 1), b + 1, a + 2 * b + 1)), case, None) is None
    message = check(run(lambda a, b: ((a + b) * (b + 1), b + 1, b + 1)), case, None)
    assert "de_db: you return 2" in message and "de_da" not in message


def _activation_case(z, act, prime):
    case = spec._gradcheck_case("tanh_prime", "tanh", z)
    got = [np.asarray(prime(z)), np.asarray(act(z + spec.GC_H)), np.asarray(act(z - spec.GC_H))]
    return case, got


def test_activation_gradcheck_uses_the_students_activation_and_falls_back_when_it_is_wrong():
    z = spec._away_from_kink(np.random.default_rng(0), (4, 3))
    check = spec._check_against_activation("tanh_prime", "tanh")
    good = lambda t: 1 - np.tanh(t) ** 2  # noqa: E731
    case, expected = _activation_case(z, np.tanh, good)
    assert check(expected, case, expected) is None
    # a wrong tanh must not cost tanh_prime its points (tasks are graded independently)
    _, got = _activation_case(z, lambda t: np.tanh(t / 2), good)
    assert check(got, case, expected) is None
    # a wrong tanh_prime fails against the student's (correct) tanh, and the message says where
    _, got = _activation_case(z, np.tanh, lambda t: 1 - np.tanh(t))
    message = check(got, case, expected)
    assert message and "finite differences of your tanh" in message
    # and a consistent pair of wrong functions fails too: the fallback is the correct tanh
    _, got = _activation_case(z, lambda t: np.tanh(t / 2), lambda t: 0.5 * (1 - np.tanh(t / 2) ** 2))
    assert "the correct tanh" in check(got, case, expected)


def test_the_notes_numbers_are_in_the_public_tests():
    from graders.spec import encode

    rng = np.random.default_rng(0)
    tests = {t.name: t for t in spec.graph_J.tests}
    program, _ = encode(tests["the notes' graph: a = 5, b = 3, c = 2 gives (33, 3, 6, 9)"].build(rng))
    assert [a["lit"] for a in program["calls"][0]["args"]] == [5.0, 3.0, 2.0]
    names = [t.name for t in spec.numerical_derivative.tests if not t.hidden]
    assert any("w**2 at w = 2 by eps = 0.001" in n for n in names)
    assert any("error shrinks like eps**2" in n for n in names) and any("shrinks like eps " in n for n in names)
