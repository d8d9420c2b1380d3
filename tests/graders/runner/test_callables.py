"""The callables a test hands to a student function: each does what its name says, and a student cannot swap one."""

import math
import subprocess
import sys

import numpy as np
import pytest

from graders import runner
from graders.limits import Limits
from graders.runner import callables, child
from graders.spec import Fn, call, encode
from tests.conftest import ROOT, numeric_grad

make = callables.make


@pytest.mark.parametrize("name, x, expected", [
    ("square", -3.0, 9.0), ("cube", -2.0, -8.0), ("identity", 1.25, 1.25), ("reciprocal", 4.0, 0.25),
    ("log", math.e, 1.0), ("three_a", 2.0, 6.0), ("sin", math.pi / 6, 0.5), ("exp", 1.0, math.e),
])
def test_scalar_functions_compute_what_their_names_say(name, x, expected):
    assert make(name)(x) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("name, fn", [("square", np.square), ("cube", lambda x: x * x * x), ("reciprocal", np.reciprocal),
                                      ("log", np.log), ("three_a", lambda x: 3 * x), ("sin", np.sin), ("exp", np.exp)])
def test_scalar_functions_work_elementwise_on_arrays(name, fn):
    x = np.array([[0.5, 1.0], [2.0, 3.0]])
    np.testing.assert_allclose(make(name)(x), fn(x), rtol=1e-15)


def test_identity_returns_its_argument_itself():
    x = np.ones(3)
    assert make("identity")(x) is x


def test_sum_squares_is_a_python_float_for_lists_and_arrays():
    f = make("sum_squares")
    assert f([1.0, 2.0, 3.0]) == 14.0 and type(f([1.0])) is float
    assert f(np.array([[1.0, -1.0], [2.0, 0.0]])) == 6.0


def test_rosenbrock_and_its_gradient():
    f, g = make("rosenbrock"), make("rosenbrock_grad")
    assert f(np.ones(4)) == 0.0 and type(f(np.ones(4))) is float
    assert f([-1.2, 1.0]) == pytest.approx(24.2)  # the textbook starting point
    assert f(np.zeros(3)) == 2.0
    np.testing.assert_array_equal(g(np.ones(3)), np.zeros(3))
    for x in (np.array([-1.2, 1.0]), np.random.default_rng(0).normal(size=5)):
        np.testing.assert_allclose(g(x), numeric_grad(f, x), rtol=1e-6, atol=1e-6)


def test_quadratic_form_and_its_gradient():
    A = np.array([[3.0, 0.5, 0.0], [0.5, 2.0, -1.0], [0.0, -1.0, 4.0]])
    c = np.array([1.0, -2.0, 0.5])
    f, g = make("quadratic_form", A=A, c=c), make("quadratic_grad", A=A, c=c)
    x = np.array([0.3, -1.2, 2.0])
    assert f(x) == pytest.approx(0.5 * x @ A @ x + c @ x, rel=1e-15) and type(f(x)) is float
    assert f(np.zeros(3)) == 0.0
    np.testing.assert_allclose(g(x), A @ x + c, rtol=1e-15)
    np.testing.assert_allclose(g(x), numeric_grad(f, x), rtol=1e-7)


def test_quadratic_takes_lists_as_parameters():
    f = make("quadratic_form", A=[[2.0, 0.0], [0.0, 2.0]], c=[0.0, 1.0])
    assert f([1.0, 1.0]) == 3.0


def test_plain_sgd_steps_and_counts_without_touching_the_config_it_got():
    update = make("plain_sgd", learning_rate=0.5)
    config = {"steps_seen": 2, "other": "kept"}
    w, new = update(np.array([1.0, 2.0]), np.array([2.0, -2.0]), config)
    np.testing.assert_array_equal(w, [0.0, 3.0])
    assert new == {"steps_seen": 3, "other": "kept"} and config == {"steps_seen": 2, "other": "kept"}
    w, new = make("plain_sgd")(np.array([1.0]), np.array([1.0]), None)  # default learning rate 0.1
    np.testing.assert_allclose(w, [0.9])
    assert new == {"steps_seen": 1}


def test_heavy_ball_is_momentum_with_hyper_parameters_from_the_config():
    update = make("heavy_ball")
    config = {"learning_rate": 0.5, "momentum": 0.8}
    w1, c1 = update(np.array([1.0]), np.array([1.0]), config)
    w2, c2 = update(w1, np.array([1.0]), c1)
    np.testing.assert_allclose(w1, [0.5])  # v = -0.5
    np.testing.assert_allclose(w2, [0.5 - 0.9])  # v = 0.8 * -0.5 - 0.5
    assert config == {"learning_rate": 0.5, "momentum": 0.8}  # the input config is not mutated
    np.testing.assert_allclose(c2["heavy_ball_velocity"], [-0.9])


def test_heavy_ball_only_works_when_its_config_is_fed_back():
    update = make("heavy_ball")
    w, dw = np.array([1.0]), np.array([1.0])
    fed_back = update(update(w, dw, None)[0], dw, update(w, dw, None)[1])[0]
    fresh = update(update(w, dw, None)[0], dw, None)[0]
    np.testing.assert_allclose(fresh, [0.8])  # defaults: learning rate 0.1, momentum 0.5
    np.testing.assert_allclose(fed_back, [0.75])
    assert not np.allclose(fed_back, fresh)


def test_unknown_names_are_refused():
    for name in ("nope", "_square", "make", "__import__"):
        with pytest.raises(KeyError, match=repr(name)):
            make(name)


def test_model_helpers_are_known_by_name_and_import_keras_only_when_run():
    code = ("import sys; from graders.runner.callables import make\n"
            "names = ['keras_mlp', 'keras_set_weights', 'keras_logits', 'keras_params', 'keras_architecture', 'keras_optimizer',"
            " 'keras_compiled_loss']\n"
            "print(all(callable(make(n)) for n in names), [m for m in ('keras', 'tensorflow') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "True []"


# --------------------------------------------------------------------------- a student cannot swap one


def test_a_student_function_with_a_callables_name_is_not_what_the_test_passes():
    namespace = {"apply": lambda f, x: f(x), "square": lambda x: -1.0, "make": lambda *a, **k: (lambda x: -1.0)}
    case = {"calls": [{"fn": "apply", "args": [{"fn": "square"}, {"lit": 3.0}]}], "output": {"ref": [0]}}
    assert child.run_case(case, namespace, None, np, callables.make) == 9.0


def run_apply(path):
    return runner.run(runner.Target(files=[path]), [encode(call("apply", Fn("square"), 3.0))], Limits(test_seconds=10)).outcomes[0]


def test_a_submission_named_callables_py_does_not_replace_them(write):
    path = write("callables.py", "def make(name, **params):\n    return lambda x: -1.0\n\n"
                                 "def square(x):\n    return -1.0\n\ndef apply(f, x):\n    return f(x)\n")
    assert run_apply(path).value == 9.0


def test_a_submission_cannot_plant_its_own_callables_module(write):
    path = write("sub.py", "import sys, types\nfake = types.ModuleType('callables')\n"
                           "fake.make = lambda name, **params: (lambda x: -1.0)\nsys.modules['callables'] = fake\n\n"
                           "def apply(f, x):\n    return f(x)\n")
    assert run_apply(path).value == 9.0
