"""reference.numpy.derivatives: the notes' numbers, the order of each difference, the graphs' derivatives."""

import numpy as np
import pytest

from reference.numpy.derivatives import graph_e, graph_J, numerical_derivative, numerical_gradient

# --------------------------------------------------------------------------- the notes' numbers

def test_the_notes_nudge_of_w_squared():
    # w = 2 nudged by 0.001: J goes from 4 to 4.004001, so the forward slope is 4.001
    assert 2.001**2 == pytest.approx(4.004001, abs=1e-12)
    assert numerical_derivative(lambda w: w**2, 2.0, eps=0.001, method="forward") == pytest.approx(4.001, abs=1e-9)
    assert numerical_derivative(lambda w: w**2, 2.0, eps=0.001) == pytest.approx(4.0, abs=1e-9)


@pytest.mark.parametrize("f, nudged, slope", [
    (lambda w: w**2, 4.004001, 4.0),
    (lambda w: w**3, 8.012006001, 12.0),
    (lambda w: w, 2.001, 1.0),
    (lambda w: 1.0 / w, 1.0 / 2.001, -0.25),
])
def test_the_notes_derivative_table_at_w_2(f, nudged, slope):
    forward = numerical_derivative(f, 2.0, eps=0.001, method="forward")
    assert forward == pytest.approx((nudged - f(2.0)) / 0.001, rel=1e-9)
    assert forward == pytest.approx(slope, rel=2e-3)  # "J goes up by k * eps"
    assert numerical_derivative(f, 2.0, eps=0.001, method="central") == pytest.approx(slope, rel=1e-6)


def test_f_3a_has_slope_3_and_log_has_slope_one_half():
    assert numerical_derivative(lambda a: 3 * a, 5.0, eps=0.001, method="forward") == pytest.approx(3.0, rel=1e-9)
    assert numerical_derivative(np.log, 2.0, eps=0.001, method="forward") == pytest.approx(0.5, rel=1e-3)


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError):
        numerical_derivative(np.sin, 1.0, method="backward")


# --------------------------------------------------------------------------- order of the error

def _order(method, f, df, x):
    eps = np.array([0.1, 0.05, 0.025, 0.0125])
    errors = [abs(numerical_derivative(f, x, eps=e, method=method) - df(x)) for e in eps]
    return np.polyfit(np.log(eps), np.log(errors), 1)[0]


@pytest.mark.parametrize("f, df, x", [(np.sin, np.cos, 1.0), (np.exp, np.exp, 0.3), (np.log, lambda x: 1 / x, 2.0)])
def test_central_error_is_second_order_and_forward_first_order(f, df, x):
    assert _order("central", f, df, x) == pytest.approx(2.0, abs=0.1)
    assert _order("forward", f, df, x) == pytest.approx(1.0, abs=0.1)


def test_default_eps_is_accurate_to_about_eps_squared():
    # central with eps = 1e-4: truncation error exp(x) eps^2 / 6, about 3e-9 relative
    assert numerical_derivative(np.exp, 0.7) == pytest.approx(np.exp(0.7), rel=1e-8)


# --------------------------------------------------------------------------- numerical_gradient

def _rosenbrock(x):
    x = np.asarray(x, dtype=float).ravel()
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def _rosenbrock_grad(x):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return g


def test_gradient_of_rosenbrock_matches_the_closed_form():
    x = np.array([0.5, 1.3, 0.8, 1.1])
    np.testing.assert_allclose(numerical_gradient(_rosenbrock, x), _rosenbrock_grad(x), rtol=1e-7, atol=1e-7)


def test_gradient_of_a_quadratic_form_is_A_x_plus_c():
    rng = np.random.default_rng(0)
    M = rng.normal(size=(5, 5))
    A, c, x = M @ M.T, rng.normal(size=5), rng.normal(size=5)
    grad = numerical_gradient(lambda v: 0.5 * v @ A @ v + c @ v, x, eps=1e-4)
    np.testing.assert_allclose(grad, A @ x + c, rtol=1e-8, atol=1e-8)


def test_gradient_has_the_shape_of_a_matrix_x():
    x = np.arange(6.0).reshape(3, 2) / 5
    grad = numerical_gradient(lambda m: float(np.sum(m**2 * np.array([1.0, 2.0]))), x)
    assert grad.shape == (3, 2) and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * x * np.array([1.0, 2.0]), rtol=1e-8, atol=1e-10)


def test_x_is_left_exactly_as_it_was():
    x = np.array([0.1, 1.0 / 3.0, 0.7, 2.0 / 3.0])
    before = x.copy()
    numerical_gradient(_rosenbrock, x)
    assert np.array_equal(x, before)


def test_each_evaluation_sees_one_coordinate_nudged():
    x = np.array([1.0, 2.0, 3.0])
    seen = []
    numerical_gradient(lambda v: seen.append(v - x) or 0.0, x, eps=0.5)
    nudges = np.array(seen)
    assert nudges.shape == (6, 3)
    assert np.all(np.count_nonzero(nudges, axis=1) == 1)
    assert sorted(np.abs(nudges).sum(axis=1)) == [0.5] * 6


# --------------------------------------------------------------------------- computation graphs

def test_graph_J_at_the_notes_point():
    assert graph_J(5, 3, 2) == (33.0, 3.0, 6.0, 9.0)


def test_graph_e_at_colahs_point():
    # the slides' graph is from colah's "Calculus on Computational Graphs": a = 2, b = 1 gives e = 6
    assert graph_e(2, 1) == (6.0, 2.0, 5.0)


@pytest.mark.parametrize("seed", range(5))
def test_graph_derivatives_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(-5, 5, size=3)
    _, *grad_J = graph_J(*p)
    np.testing.assert_allclose(grad_J, numerical_gradient(lambda v: graph_J(*v)[0], p), rtol=1e-7, atol=1e-7)
    _, *grad_e = graph_e(*p[:2])
    np.testing.assert_allclose(grad_e, numerical_gradient(lambda v: graph_e(*v)[0], p[:2]), rtol=1e-7, atol=1e-7)


def test_graphs_return_python_floats():
    assert all(type(v) is float for v in graph_J(1, 2, 3) + graph_e(1, 2))
