"""exercise2: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise2.py``; helpers that compute a graded quantity live here too.
"""

from graders.exercises.exercise2 import (
    E_PATHS,
    GRAD,
    GRAD_TOL,
    J_CHAIN,
    LEAKY,
    LEAKY_PRIME,
    ORDER_HINT,
    PURE,
    RELU,
    RELU_PRIME,
    SIG,
    TABLE,
    TANH,
    TANH_PRIME,
    _batch,
    _check_nudges,
    _check_order,
    _near_one,
    _nudge_case,
    _order_case,
    _point,
    _quadratic,
    _with_zeros,
)
from graders.spec import Fn, Property, Test, call

HIDDEN = {
    "numerical_derivative": [
        Test("random function, point, eps and method",
             lambda rng: call("numerical_derivative", Fn(str(rng.choice(["sin", "exp", "log", "cube", "reciprocal"]))),
                              float(rng.uniform(0.5, 3.0)), eps=float(10 ** rng.uniform(-5, -2)),
                              method=str(rng.choice(["central", "forward"]))),
             hint=TABLE, hidden=True),
        Test("central order, other function", lambda rng: _order_case("exp", float(rng.uniform(-1, 1)), "central"),
             check=Property(_check_order), hint=ORDER_HINT["central"], hidden=True),
        Test("forward order, other function", lambda rng: _order_case("log", float(rng.uniform(1, 3)), "forward"),
             check=Property(_check_order), hint=ORDER_HINT["forward"], hidden=True),
    ],
    "numerical_gradient": [
        Test("random shape, Rosenbrock",
             lambda rng: call("numerical_gradient", Fn("rosenbrock"),
                              _near_one(rng, (int(rng.integers(2, 5)), int(rng.integers(1, 4))))),
             check=GRAD_TOL, hint=GRAD, hidden=True),
        Test("random quadratic form",
             lambda rng: call("numerical_gradient", _quadratic(rng, 6), rng.normal(size=6)), check=GRAD_TOL,
             hint=GRAD, hidden=True),
    ],
    "graph_J": [
        Test("random point, other seed", lambda rng: call("graph_J", *_point(rng, 3)), hint=J_CHAIN, hidden=True),
        Test("nudging, other point", lambda rng: _nudge_case("graph_J", _point(rng, 3)),
             check=Property(_check_nudges(["dJ_da", "dJ_db", "dJ_dc"])), hint=J_CHAIN, hidden=True),
    ],
    "graph_e": [
        Test("random point, other seed", lambda rng: call("graph_e", *_point(rng, 2)), hint=E_PATHS, hidden=True),
        Test("nudging, other point", lambda rng: _nudge_case("graph_e", _point(rng, 2)),
             check=Property(_check_nudges(["de_da", "de_db"])), hint=E_PATHS, hidden=True),
    ],
    "sigmoid_prime": [
        Test("random batch", lambda rng: call("sigmoid_prime", _batch(rng, (6, 2), 6.0)), hint=SIG, hidden=True),
    ],
    "tanh": [
        Test("random batch", lambda rng: call("tanh", _batch(rng, (3, 5), 4.0)), hint=TANH + PURE, hidden=True),
    ],
    "tanh_prime": [
        Test("random batch", lambda rng: call("tanh_prime", _batch(rng, (3, 5), 2.0)), hint=TANH_PRIME, hidden=True),
    ],
    "relu": [
        Test("random shape", lambda rng: call("relu", _batch(rng, (int(rng.integers(1, 6)), int(rng.integers(1, 6))))),
             hint=RELU + PURE, hidden=True),
    ],
    "relu_prime": [
        Test("random batch with zeros", lambda rng: call("relu_prime", _with_zeros(rng, (5, 4))), hint=RELU_PRIME,
             hidden=True),
    ],
    "leaky_relu": [
        Test("random alpha", lambda rng: call("leaky_relu", _batch(rng, (3, 4)), alpha=float(rng.uniform(0.01, 0.5))),
             hint=LEAKY, hidden=True),
    ],
    "leaky_relu_prime": [
        Test("random alpha", lambda rng: call("leaky_relu_prime", _with_zeros(rng, (3, 4)),
                                              alpha=float(rng.uniform(0.01, 0.5))),
             hint=LEAKY_PRIME, hidden=True),
    ],
}
