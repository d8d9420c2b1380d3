"""The NumPy regularization reference: worked numbers, gradient checks, statistics, purity."""

import numpy as np
import pytest

from reference.numpy import regularization as R
from tests.conftest import numeric_grad

# --------------------------------------------------------------------------- L2


def test_l2_penalty_is_lam_times_the_sum_of_squares_of_every_kernel():
    W1 = np.array([[1.0, -2.0], [3.0, 0.5]])  # squares sum to 14.25
    W2 = np.array([[-1.5], [2.5]])  # 8.5
    assert R.l2_penalty([W1, W2], 0.25) == pytest.approx(0.25 * 22.75, rel=1e-15)
    assert R.l2_penalty([W1], 0.0) == 0.0
    assert isinstance(R.l2_penalty([W1], 0.1), float)


def test_l2_grad_is_the_gradient_of_the_penalty():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(4, 3))
    np.testing.assert_allclose(R.l2_grad(W, 0.3), numeric_grad(lambda w: R.l2_penalty([w], 0.3), W), rtol=1e-7)
    np.testing.assert_array_equal(R.l2_grad(W, 0.3), 0.6 * W)


# --------------------------------------------------------------------------- dropout


def test_dropout_inference_is_the_identity_with_a_mask_of_ones():
    x = np.arange(12.0).reshape(3, 4)
    out, mask = R.dropout_forward(x, 0.5, False, np.random.default_rng(0))
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(mask, np.ones_like(x))
    assert out is not x


@pytest.mark.parametrize("rate", [0.1, 0.25, 0.5, 0.8])
def test_dropout_drops_a_fraction_rate_and_keeps_the_mean(rate):
    x = np.random.default_rng(1).uniform(0.5, 1.5, size=(300, 300))
    out, mask = R.dropout_forward(x, rate, True, np.random.default_rng(2))
    assert set(np.unique(mask)) <= {0.0, 1.0}
    assert abs((1 - mask.mean()) - rate) < 0.01
    assert abs(out.mean() / x.mean() - 1) < 0.02
    np.testing.assert_allclose(out, x * mask / (1 - rate), rtol=1e-15)


def test_dropout_mask_comes_from_the_rng_argument():
    x = np.ones((10, 10))
    _, a = R.dropout_forward(x, 0.5, True, np.random.default_rng(7))
    _, b = R.dropout_forward(x, 0.5, True, np.random.default_rng(7))
    _, c = R.dropout_forward(x, 0.5, True, np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_dropout_backward_is_the_gradient_of_the_masked_forward():
    rng = np.random.default_rng(3)
    mask = (rng.uniform(size=(4, 5)) >= 0.3).astype(float)
    dout = rng.normal(size=(4, 5))
    x = rng.normal(size=(4, 5))
    numeric = numeric_grad(lambda x_: np.sum(dout * x_ * mask / 0.7), x)
    np.testing.assert_allclose(R.dropout_backward(dout, mask, 0.3), numeric, rtol=1e-7, atol=1e-10)


# --------------------------------------------------------------------------- batch norm


def _bn_inputs(seed=0, m=6, d=3):
    rng = np.random.default_rng(seed)
    return (rng.normal(2.0, 3.0, size=(m, d)), rng.uniform(0.5, 2.0, size=d), rng.normal(size=d),
            {"mean": np.zeros(d), "var": np.ones(d)}, rng.normal(size=(m, d)))


def test_batchnorm_training_output_has_zero_mean_and_unit_variance_per_feature():
    x, _, _, running, _ = _bn_inputs()
    out, _, _ = R.batchnorm_forward(x, np.ones(3), np.zeros(3), running, True)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    # biased variance and eps inside the sqrt: var(out) = var / (var + eps)
    var = x.var(axis=0)
    np.testing.assert_allclose(out.var(axis=0), var / (var + 1e-3), rtol=1e-12)


def test_batchnorm_running_statistics_use_keras_momentum_and_the_biased_variance():
    x, gamma, beta, running, _ = _bn_inputs()
    _, _, new = R.batchnorm_forward(x, gamma, beta, running, True, momentum=0.9)
    np.testing.assert_allclose(new["mean"], 0.1 * x.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(new["var"], 0.9 + 0.1 * x.var(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(running["mean"], np.zeros(3))  # not modified in place
    np.testing.assert_array_equal(running["var"], np.ones(3))


def test_batchnorm_inference_uses_running_statistics_and_returns_them_unchanged():
    x, gamma, beta, _, _ = _bn_inputs()
    running = {"mean": np.array([1.0, -2.0, 0.5]), "var": np.array([4.0, 0.25, 1.0])}
    out, _, new = R.batchnorm_forward(x, gamma, beta, running, False, eps=1e-3)
    np.testing.assert_allclose(out, gamma * (x - running["mean"]) / np.sqrt(running["var"] + 1e-3) + beta, rtol=1e-13)
    np.testing.assert_array_equal(new["mean"], running["mean"])
    np.testing.assert_array_equal(new["var"], running["var"])
    assert new["mean"] is not running["mean"]


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_backward_matches_finite_differences(training):
    x, gamma, beta, _, dout = _bn_inputs(seed=4)
    running = {"mean": np.array([0.5, 1.0, -1.0]), "var": np.array([2.0, 1.0, 3.0])}

    def loss(x_=x, g_=gamma, b_=beta):
        return np.sum(R.batchnorm_forward(x_, g_, b_, running, training)[0] * dout)

    _, cache, _ = R.batchnorm_forward(x, gamma, beta, running, training)
    dx, dgamma, dbeta = R.batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx, numeric_grad(lambda v: loss(x_=v), x), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dgamma, numeric_grad(lambda v: loss(g_=v), gamma), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dbeta, numeric_grad(lambda v: loss(b_=v), beta), rtol=1e-6, atol=1e-9)
    if training:
        np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)  # the mean path removes dx's column sums


# --------------------------------------------------------------------------- early stopping


@pytest.mark.parametrize("losses, patience, min_delta, expected", [
    ([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2, 0.0, (3, 1)),     # stops after 2 epochs without improvement
    ([1.0, 0.9, 0.95, 0.8, 0.85], 3, 0.0, (4, 3)),          # never stops
    ([1.0, 0.5, 0.5, 0.5, 0.4], 2, 0.0, (3, 1)),            # ties are not improvements
    ([1.0, 0.95, 0.92, 0.7, 0.65, 0.64, 0.63], 3, 0.1, (6, 3)),  # min_delta
    ([1.0, 0.9, 0.95, 0.8], 0, 0.0, (2, 1)),                # patience 0
    ([1.0, 0.9, 0.95, 0.8], 1, 0.0, (2, 1)),                # patience 1: the same epoch
    ([0.7], 0, 0.0, (0, 0)),
])
def test_early_stopping_worked_examples(losses, patience, min_delta, expected):
    assert R.early_stopping(losses, patience, min_delta) == expected
