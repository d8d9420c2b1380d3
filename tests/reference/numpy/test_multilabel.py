"""Multi-label loss and predictions (NumPy reference); Keras's BinaryCrossentropy is the oracle
in tests/reference/tf/test_multilabel.py."""

import numpy as np
import pytest

from reference.numpy import multilabel as M
from tests.conftest import numeric_grad


def test_loss_is_the_mean_over_all_entries_and_the_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    z, Y = rng.normal(0, 2, (6, 4)), rng.integers(0, 2, (6, 4))
    p = 1 / (1 + np.exp(-z))
    loss, dz = M.multilabel_loss_and_grads(z, Y)
    assert loss == pytest.approx(np.mean(-Y * np.log(p) - (1 - Y) * np.log(1 - p)), rel=1e-12)
    np.testing.assert_allclose(dz, numeric_grad(lambda v: M.multilabel_loss_and_grads(v, Y)[0], z), atol=1e-9)


def test_huge_logits_give_finite_exact_losses():
    z = np.array([[1000.0, -1000.0, 0.0]])
    loss, dz = M.multilabel_loss_and_grads(z, np.array([[0.0, 1.0, 1.0]]))
    assert loss == pytest.approx((1000 + 1000 + np.log(2)) / 3)
    assert np.isfinite(dz).all()


def test_predict_thresholds_each_label_on_its_own():
    z = np.array([[2.0, 0.1, -3.0], [-1.0, -2.0, -0.5]])
    assert M.multilabel_predict(z).tolist() == [[1, 1, 0], [0, 0, 0]]
    assert M.multilabel_predict(z, threshold=0.9).tolist() == [[0, 0, 0], [0, 0, 0]]
    assert M.multilabel_predict(z, threshold=0.2).tolist() == [[1, 1, 0], [1, 0, 1]]
    assert M.multilabel_predict(z).dtype.kind == "i"
