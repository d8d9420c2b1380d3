"""exercise6 beyond the common checks (test_all_exercises.py): other correct styles accepted, random layers judged fairly."""

import json

import numpy as np
import pytest

from graders.validate import find_mutants
from tests.conftest import run_nnlab

OTHER_STYLE = '''
import numpy as np


def l2_penalty(weights, lam):
    total = 0.0
    for W in weights:
        w = np.ravel(W)
        total += w @ w                         # dot product instead of sum of squares
    return lam * total


def l2_grad(W, lam):
    return np.multiply(W, 2 * lam)


def dropout_forward(x, rate, training, rng):
    x = np.array(x, dtype=float)
    if not training:
        return x, np.ones(x.shape)
    keep = 1.0 - rate
    mask = np.where(rng.random(x.shape) < keep, 1.0, 0.0)     # keep where u < 1 - rate
    return np.where(mask == 1.0, x / keep, 0.0), mask


def dropout_backward(dout, mask, rate):
    return np.where(mask > 0, dout / (1 - rate), 0.0)


def batchnorm_forward(x, gamma, beta, running, training, momentum=0.99, eps=1e-3):
    # a staged computational graph, cs231n style, and Keras's assign_sub form of the moving average
    if training:
        m = x.shape[0]
        mu = x.sum(axis=0) / m
        xc = x - mu
        var = (xc ** 2).sum(axis=0) / m
        std = np.sqrt(var + eps)
        xn = xc / std
        new = {"mean": running["mean"] - (1 - momentum) * (running["mean"] - mu),
               "var": running["var"] - (1 - momentum) * (running["var"] - var)}
        cache = ("train", xc, std, xn, gamma)
    else:
        std = np.sqrt(running["var"] + eps)
        xn = (x - running["mean"]) / std
        new = {key: np.array(value, dtype=float) for key, value in running.items()}
        cache = ("test", None, std, xn, gamma)
    return gamma * xn + beta, cache, new


def batchnorm_backward(dout, cache):
    mode, xc, std, xn, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dxn = dout * gamma
    if mode == "test":
        return dxn / std, dgamma, dbeta
    m = dout.shape[0]
    dxc = dxn / std
    dstd = -(dxn * xc).sum(axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dxc = dxc + 2 * xc * dvar / m
    dmu = -dxc.sum(axis=0)
    return dxc + dmu / m, dgamma, dbeta


def early_stopping(val_losses, patience, min_delta=0.0):
    best, best_epoch, since = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if best - loss > min_delta:
            best, best_epoch, since = loss, epoch, 0
        else:
            since += 1
            if since >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
'''


def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise6", "--file", write("mine.py", OTHER_STYLE), "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0, [t for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == 13


@pytest.mark.slow
def test_another_style_passes_the_hidden_tests_too(course, write):
    from graders import pipeline
    from graders.runner import Target

    target = Target(files=[write("mine.py", OTHER_STYLE)])
    for seed_key in ("alice", "bob"):
        result = pipeline.grade(course, "exercise6", target, hidden=True, seed_key=seed_key)
        assert result.full_marks, [(t.name, t.first_failure.name, t.first_failure.message) for t in result.tasks
                                   if t.score < t.max_score]


def test_only_a_forwards_cache_may_couple_two_tasks():
    """A mutant may also break batchnorm_backward (it reads the forward's cache), nothing else."""
    for m in find_mutants("exercise6"):
        assert set(m.also_breaks) <= {"batchnorm_backward"}, m.name


def test_dropout_statistical_tolerances_leave_a_correct_solution_at_least_five_sigma():
    """The property tests of a random layer must (almost) never fail a correct solution with its own rng."""
    for rate, n, tol in [(0.25, 10000, 0.025), (0.6, 10000, 0.03), (0.15, 30000, 0.015)]:
        assert tol / np.sqrt(rate * (1 - rate) / n) >= 5, rate
    # mean kept, x uniform on {1, 2, 3}: sd of mean(out)/mean(x) = sqrt(n E[x^2] rate (1-rate)) / ((1-rate) n E[x])
    for rate, n, tol in [(0.4, 10000, 0.05), (0.7, 40000, 0.05)]:
        sd = np.sqrt(n * 14 / 3 * rate * (1 - rate)) / ((1 - rate) * n * 2)
        assert tol / sd >= 5, rate
