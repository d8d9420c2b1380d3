"""exercise1 beyond the common checks (test_all_exercises.py): other correct styles get full marks, the checks are sharp."""

import json

import numpy as np
import pytest

from graders.exercises import exercise1 as spec
from graders.exercises import exercise1_hidden
from graders.spec import Call, Case
from tests.conftest import run_nnlab

# Correct, but nothing like the reference: loops, math.exp, other gate weights, XOR built as
# AND(OR, NAND) with weights scaled x5 (the second fix), perceptron on Python lists.
OTHER_STYLE = '''
import math
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    flat = [0.5 * (1.0 + math.tanh(v / 2.0)) for v in z.ravel()]     # a tanh identity, in a loop
    return np.array(flat).reshape(z.shape)


def step(z):
    return np.where(np.asarray(z) >= 0, 1, 0)                         # integers are fine


def _g(name):
    return {"sigmoid": sigmoid, "step": step, "relu": lambda z: np.where(z > 0, z, 0.0), "linear": lambda z: z}[name]


def neuron(x, w, b, activation="sigmoid"):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return _g(activation)(sum(xi * wi for xi, wi in zip(x, w)) + b)
    return np.array([neuron(row, w, b, activation) for row in x])


GATES = {"and": ([1.5, 1.5], -2.25), "or": ([3.0, 3.0], -1.0), "nand": ([-1.0, -1.0], 1.5), "nor": ([-4.0, -4.0], 1.0)}


def gate_weights(name):
    w, b = GATES[name]
    return list(w), b                                                  # a list and an int-like float


def dense(a_in, W, b, activation="sigmoid"):
    a_in = np.asarray(a_in, dtype=float)
    if a_in.ndim == 1:
        out = np.zeros(W.shape[1])
        for j in range(W.shape[1]):                                    # the notes' loop
            out[j] = np.dot(W[:, j], a_in) + b[j]
        return _g(activation)(out)
    return np.stack([dense(row, W, b, activation) for row in a_in])


def xor_network(x):
    x = np.asarray(x, dtype=float)
    h_or = sigmoid(5 * (x[:, 0] + x[:, 1]) - 2.5)                      # XOR = AND(OR, NAND), scaled x5
    h_nand = sigmoid(-5 * (x[:, 0] + x[:, 1]) + 7.5)
    return (sigmoid(5 * h_or + 5 * h_nand - 7.5) > 0.5).astype(int)


def perceptron_train(X, y, lr=1.0, epochs=10):
    X = [list(map(float, row)) for row in np.asarray(X)]
    y = [float(t) for t in np.ravel(y)]
    w, b = [0.0] * len(X[0]), 0.0
    for _ in range(epochs):
        for row, t in zip(X, y):
            z = b
            for xi, wi in zip(reversed(row), reversed(w)):             # another summation order
                z += xi * wi
            err = t - (1.0 if z >= 0 else 0.0)
            if err:
                w = [wi + lr * err * xi for wi, xi in zip(w, row)]
                b += lr * err
    return np.array(w), b
'''


def _json(result):
    data = json.loads(result.stdout)
    return data[0] if isinstance(data, list) else data


def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise1", "--file", write("mine.py", OTHER_STYLE), "--json", "--hidden")
    data = _json(result)
    lost = [(t["name"], [x["message"] for x in t["tests"] if not x["passed"]]) for t in data["tasks"]
            if t["score"] < t["max_score"]]
    assert result.returncode == 0, lost
    assert data["score"] == data["max_score"] == 12


# --------------------------------------------------------------------------- the gate property


def _gate(name, w, b):
    return spec._gate_problem(name, [np.asarray(w, dtype=float), np.asarray(b, dtype=float)])


@pytest.mark.parametrize("name, w, b", [
    ("or", [2, 2], -1), ("and", [2, 2], -3), ("nand", [-2, -2], 3), ("nor", [-2, -2], 1),  # the notes
    ("nor", [-4, -4], 1),                       # the notes' other NOR
    ("and", [10, 10], -15), ("or", [0.9, 0.9], -0.45),  # scaled, and just inside the margin
])
def test_gate_property_accepts_any_weights_with_a_margin(name, w, b):
    assert _gate(name, w, b) is None


@pytest.mark.parametrize("name, w, b, words", [
    ("or", [1, 1], -1, "exactly on the decision boundary"),   # z = 0 at (0, 1): passes >= 0.5 only by the tie
    ("and", [1, 1], -2, "exactly on the decision boundary"),
    ("or", [0.2, 0.2], -0.1, "right only by a hair"),
    ("nor", [-2, -2], -1, "truth table is wrong at x = (0, 0)"),  # NOT by flipping w only
    ("and", [2, 2], -1, "truth table is wrong"),
])
def test_gate_property_rejects_wrong_or_marginless_weights(name, w, b, words):
    problem = _gate(name, w, b)
    assert problem and words in problem


def test_gate_property_rejects_wrong_shapes():
    assert "shape (2,)" in spec._gate_problem("or", [np.array([-1.0, 2.0, 2.0]), np.array(0.0)])
    assert "single number" in spec._gate_problem("or", [np.array([2.0, 2.0]), np.array([-1.0, 0.0])])
    assert "tuple (w, b)" in spec._gate_problem("or", np.array([-1.0, 2.0, 2.0]))


# --------------------------------------------------------------------------- the XOR property


def _xor(x, got):
    return spec._xor_check(np.asarray(got, dtype=float), Case([Call("xor_network", (np.asarray(x),))]), None)


def test_xor_property():
    T = spec.TRUTH_TABLE
    assert _xor(T, [0, 1, 1, 0]) is None
    assert "threshold the output" in _xor(T, [0.364, 0.481, 0.481, 0.364])
    assert "2 of 4 predictions wrong" in _xor(T, [0, 0, 0, 0])
    assert "(m,)" in _xor(T, [[0], [1], [1], [0]])


# --------------------------------------------------------------------------- the perceptron data


@pytest.mark.parametrize("seed", range(10))
def test_separable_data_is_integer_two_class_and_converges(seed):
    rng = np.random.default_rng(seed)
    X, y = spec.separable_for(rng, 20, 3, 100)
    assert X.shape == (20, 3) and set(np.unique(y)) == {0.0, 1.0}
    assert np.array_equal(X, np.round(X))  # integers: every update is exact in float64
    assert exercise1_hidden._converges(X, y, 50)


def test_separated_property_uses_the_students_weights():
    X, y = spec.separable(np.random.default_rng(5), 12, 2)
    case = Case([Call("perceptron_train", (X, y))])
    assert spec._separated([np.zeros(2), np.array(0.0)], case, None) is not None  # predicts all 1
    from reference.numpy.gates import perceptron_train

    w, b = perceptron_train(X, y, epochs=200)
    assert spec._separated([w, np.array(b)], case, None) is None
