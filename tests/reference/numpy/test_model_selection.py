"""Splits, K folds, the bias/variance diagnosis and choosing a model by its validation error."""

import numpy as np
import pytest

from reference.numpy import model_selection as S


def test_split_sizes_use_ceil_and_form_a_partition_with_labels_kept():
    X = np.arange(23.0)[:, None] * [1.0, 10.0]
    y = np.arange(23) + 100
    Xtr, Xva, Xte, ytr, yva, yte = S.train_val_test_split(X, y, (0.7, 0.1, 0.2), np.random.default_rng(0))
    assert (len(Xtr), len(Xva), len(Xte)) == (23 - 3 - 5, 3, 5)
    ids = np.concatenate([Xtr[:, 0], Xva[:, 0], Xte[:, 0]])
    assert sorted(ids) == list(range(23))
    for rows, labels in ((Xtr, ytr), (Xva, yva), (Xte, yte)):
        assert np.array_equal(labels, rows[:, 0].astype(int) + 100)
    again = S.train_val_test_split(X, y, (0.7, 0.1, 0.2), np.random.default_rng(0))
    assert np.array_equal(again[1], Xva)


@pytest.mark.parametrize("m, k", [(10, 3), (7, 7), (100, 6), (5, 2)])
def test_k_folds_partition_with_sizes_differing_by_at_most_one(m, k):
    folds = S.k_fold_indices(m, k, np.random.default_rng(1))
    assert len(folds) == k
    vals = np.concatenate([v for _, v in folds])
    assert sorted(vals) == list(range(m))
    sizes = [len(v) for _, v in folds]
    assert max(sizes) - min(sizes) <= 1
    for train, val in folds:
        assert sorted(np.concatenate([train, val])) == list(range(m))


def test_k_folds_are_shuffled_and_follow_the_rng():
    a = S.k_fold_indices(100, 4, np.random.default_rng(2))
    b = S.k_fold_indices(100, 4, np.random.default_rng(2))
    c = S.k_fold_indices(100, 4, np.random.default_rng(3))
    assert all(np.array_equal(x[1], y[1]) for x, y in zip(a, b))
    assert not np.array_equal(a[0][1], c[0][1])
    assert sorted(a[0][1]) != list(range(25))


@pytest.mark.parametrize("j_train, j_val, expected", [
    (0.15, 0.155, "high bias"), (0.108, 0.197, "high variance"),
    (0.154, 0.30, "high bias and high variance"), (0.108, 0.112, "good"),
])
def test_diagnose_a_speech_recognizer_against_a_human_baseline(j_train, j_val, expected):
    assert S.diagnose(j_train, j_val, 0.106, 0.02) == expected  # baseline: human error 10.6 %


def test_diagnose_is_strict_at_the_tolerance():
    assert S.diagnose(0.25, 0.5, 0.0, 0.25) == "good"  # both gaps are exactly tol (exact in binary)
    assert S.diagnose(0.25, 0.5, 0.0, 0.125) == "high bias and high variance"
    assert S.diagnose(0.125, 0.5, 0.0, 0.125) == "high variance"


def test_select_by_validation_fits_each_candidate_and_keeps_the_lowest_validation_error():
    calls = []

    def fit(X, y, c):
        calls.append(("fit", c))
        return c

    def error(model, X, y):
        calls.append(("error", model))
        return float(np.mean((X * model - y) ** 2))

    X, y = np.array([1.0, 2.0]), np.array([2.0, 4.0])
    best, errors = S.select_by_validation(fit, error, [0.0, 1.0, 2.0, 3.0, 2.0], X * 0, y * 0, X, y)
    assert best == 2.0 and errors == [10.0, 2.5, 0.0, 2.5, 0.0]
    assert calls[:4] == [("fit", 0.0), ("error", 0.0), ("fit", 1.0), ("error", 1.0)]


def test_learning_curve_returns_train_and_validation_errors_per_size():
    fit = lambda X, y: float(np.mean(y))  # noqa: E731
    error = lambda c, X, y: float(np.mean((y - c) ** 2))  # noqa: E731
    j_train, j_val = S.learning_curve(fit, error, np.zeros(4), np.array([0.0, 2.0, 4.0, 6.0]), np.zeros(2),
                                      np.array([3.0, 3.0]), [1, 2, 4])
    np.testing.assert_allclose(j_train, [0.0, 1.0, 5.0])
    np.testing.assert_allclose(j_val, [9.0, 4.0, 0.0])
