"""reference.numpy.activations: the notes' values, conventions at the kink, stability, and each
derivative against finite differences of its activation."""

import numpy as np
import pytest

from reference.numpy import activations as A
from reference.numpy.derivatives import numerical_derivative

PAIRS = [
    ("sigmoid", "sigmoid_prime", {}),
    ("tanh", "tanh_prime", {}),
    ("relu", "relu_prime", {}),
    ("leaky_relu", "leaky_relu_prime", {}),
    ("leaky_relu", "leaky_relu_prime", {"alpha": 0.3}),
]


@pytest.mark.parametrize("g, g_prime, kw", PAIRS)
def test_derivative_matches_finite_differences_of_the_activation(g, g_prime, kw):
    rng = np.random.default_rng(1)
    z = rng.uniform(0.01, 4, size=20) * rng.choice([-1, 1], size=20)  # away from the kink at 0
    numeric = np.array([numerical_derivative(lambda t: getattr(A, g)(t, **kw), v, eps=1e-6) for v in z])
    np.testing.assert_allclose(getattr(A, g_prime)(z, **kw), numeric, rtol=1e-7, atol=1e-9)


def test_the_notes_values():
    z = np.array([-10.0, 0.0, 10.0])
    edge = np.exp(-10.0) / (1.0 + np.exp(-10.0)) ** 2  # about 4.54e-5: "about 0" at z = +-10
    np.testing.assert_allclose(A.sigmoid_prime(z), [edge, 0.25, edge], rtol=1e-10)
    np.testing.assert_allclose(A.tanh(z), [-0.9999999958776927, 0.0, 0.9999999958776927], rtol=1e-12)
    sech2 = 1.0 / np.cosh(10.0) ** 2  # about 8.2e-9 (1 - tanh**2 loses digits there)
    np.testing.assert_allclose(A.tanh_prime(z), [sech2, 1.0, sech2], rtol=1e-6)
    np.testing.assert_array_equal(A.relu(np.array([-2.0, -1, 0, 1, 2])), [0, 0, 0, 1, 2])
    np.testing.assert_array_equal(A.leaky_relu(np.array([-2.0, -1, 0, 1, 2])), [-0.2, -0.1, 0, 1, 2])


def test_conventions_at_the_kink():
    assert A.relu_prime(0.0) == 0.0
    assert A.leaky_relu_prime(0.0) == 0.1
    assert A.leaky_relu_prime(0.0, alpha=0.25) == 0.25
    np.testing.assert_array_equal(A.relu_prime(np.array([-1e-300, 0.0, 1e-300])), [0.0, 0.0, 1.0])


def test_alpha_is_used():
    z = np.array([-3.0, 2.0])
    np.testing.assert_allclose(A.leaky_relu(z, alpha=0.2), [-0.6, 2.0])
    np.testing.assert_allclose(A.leaky_relu(z, 0.01), [-0.03, 2.0])
    np.testing.assert_allclose(A.leaky_relu_prime(z, alpha=0.2), [0.2, 1.0])


@pytest.mark.parametrize("name", ["sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "leaky_relu",
                                  "leaky_relu_prime"])
def test_huge_inputs_stay_finite_and_inputs_are_not_modified(name):
    z = np.array([[-1000.0, -50.0], [50.0, 1000.0]])
    before = z.copy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = getattr(A, name)(z)
    assert out.shape == z.shape and out.dtype == np.float64 and np.all(np.isfinite(out))
    assert np.array_equal(z, before)


def test_sigmoid_prime_is_at_most_one_quarter():
    z = np.linspace(-20, 20, 401)
    assert A.sigmoid_prime(z).max() == 0.25 and np.all(A.sigmoid_prime(z) > 0)
