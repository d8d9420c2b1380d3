"""exercise1: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise1.py``; helpers that compute a graded quantity live here too.
"""

import numpy as np

from graders.exercises.exercise1 import (
    AT_ZERO,
    COLUMNS,
    GATE_HINT,
    NEURON,
    RULE,
    STABLE,
    TRUTH_TABLE,
    XOR_HINT,
    _dense_case,
    _gate_problem,
    _separated,
    _xor_check,
    separable,
)
from graders.spec import Call, Case, Out, Property, Test, call


def _converges(X, y, epochs):
    """Does the perceptron rule (from zero, lr = 1) separate (X, y) within ``epochs``? Parent-side, exact."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_i, t in zip(X, y, strict=True):
            error = t - float(x_i @ w + b >= 0)
            if error:
                w, b, mistakes = w + error * x_i, b + error, mistakes + 1
        if not mistakes:
            return True
    return False


def separable_for(rng, m, n, epochs):
    """Separable data the perceptron provably separates in half of ``epochs`` (exercise1.separable_for)."""
    while True:
        X, y = separable(rng, m, n)
        if _converges(X, y, epochs // 2):
            return X, y


def _all_gates(got, case, expected):
    if not isinstance(got, list) or len(got) != 4:
        return "expected four (w, b) results"
    for name, result in zip(("and", "or", "nand", "nor"), got, strict=True):
        problem = _gate_problem(name, result)
        if problem:
            return problem
    return None


def _xor_batch(rng, m):
    return call("xor_network", TRUTH_TABLE[rng.integers(0, 4, size=m)])


HIDDEN = {
    "sigmoid": [
        Test("random shape, large z",
             lambda rng: call("sigmoid", rng.normal(0.0, 300.0, size=tuple(rng.integers(1, 6, size=2)))),
             hint=STABLE, hidden=True),
    ],
    "step": [
        Test("random 2-D array with zeros",
             lambda rng: call("step", rng.integers(-2, 3, size=(int(rng.integers(2, 7)), 3)).astype(float)),
             hint=AT_ZERO, hidden=True),
    ],
    "neuron": [
        Test("random batch and activation",
             lambda rng: call("neuron", rng.normal(0, 1, (int(rng.integers(2, 9)), 3)), rng.normal(0, 1, 3),
                              float(rng.normal()), activation=str(rng.choice(["sigmoid", "relu", "linear", "step"]))),
             hint=NEURON, hidden=True),
    ],
    "gate_weights": [
        Test("all four gates, one after another",
             lambda rng: Case([Call("gate_weights", (name,)) for name in ("and", "or", "nand", "nor")],
                              output=[Out(i) for i in range(4)]),
             Property(_all_gates), hint=GATE_HINT, hidden=True),
    ],
    "dense": [
        Test("random shapes and activation",
             lambda rng: _dense_case(rng, int(rng.integers(1, 8)), int(rng.integers(1, 6)), int(rng.integers(1, 6)),
                                     str(rng.choice(["sigmoid", "relu", "linear", "step"]))),
             hint=COLUMNS, hidden=True),
        Test("random square W", lambda rng: _dense_case(rng, 5, 4, 4), hint=COLUMNS, hidden=True),
    ],
    "xor_network": [
        Test("random batch", lambda rng: _xor_batch(rng, int(rng.integers(1, 20))), Property(_xor_check),
             hint=XOR_HINT, hidden=True),
    ],
    "perceptron_train": [
        Test("random separable set, other seed",
             lambda rng: call("perceptron_train", *separable(rng, int(rng.integers(6, 16)), int(rng.integers(2, 5))),
                              lr=float(rng.choice([0.25, 0.5, 1.0, 2.0])), epochs=int(rng.integers(1, 8))),
             hint=RULE, hidden=True),
        Test("separable data, other seed",
             lambda rng: call("perceptron_train", *separable_for(rng, 25, 3, 100), lr=1.0, epochs=100),
             Property(_separated), hint=RULE, hidden=True),
    ],
}
