"""exercise3 beyond the common checks (test_all_exercises.py): other correct styles accepted, mistakes named."""

import json
import os

import pytest

from graders import pipeline
from graders.runner import Target
from graders.validate import MUTANTS
from tests.conftest import run_nnlab

OTHER_STYLE = '''
import math
import numpy as np


def softmax(z):
    z = np.array(z, dtype=float)
    flat = z.reshape(-1, z.shape[-1])
    out = np.empty_like(flat)
    for i, row in enumerate(flat):          # loops instead of broadcasting
        m = max(row)
        e = [math.exp(v - m) for v in row]
        s = sum(e)
        out[i] = [v / s for v in e]
    return out.reshape(z.shape)


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    return z - (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))   # another stable form


def categorical_cross_entropy(y_onehot, p):
    y = np.atleast_2d(y_onehot)
    p = np.clip(np.atleast_2d(p), 1e-7, 1 - 1e-7)
    return -np.einsum("ij,ij->", y, np.log(p)) / y.shape[0]              # einsum


def sparse_categorical_cross_entropy(y, logits):
    y = np.ravel(y).astype(int)
    total = 0.0
    for label, row in zip(y, np.asarray(logits, dtype=float)):
        m = row.max()
        total += m + math.log(np.exp(row - m).sum()) - row[label]
    return total / len(y)


def binary_cross_entropy(y, p):
    p = np.minimum(np.maximum(p, 1e-7), 1 - 1e-7)
    return float(np.mean(-np.where(np.asarray(y) == 1, np.log(p), np.log(1 - p))))


def binary_cross_entropy_from_logits(y, z):
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y) * z))     # logaddexp form


def mse(y, y_hat):
    d = np.subtract(y, y_hat)
    return float(d.ravel() @ d.ravel() / d.size)


def mae(y, y_hat):
    return float(np.abs(np.subtract(y, y_hat)).sum() / np.size(y))
'''


def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise3", "--file", write("mine.py", OTHER_STYLE), "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0, [t for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == 14


# The realistic mistakes the notes warn about: each costs its own task only, with a hint naming it.
NAMED_MISTAKES = [
    ("softmax_no_max_shift", "softmax", "subtract each row's max"),
    ("softmax_wrong_axis", "softmax", "axis=-1"),
    ("categorical_cross_entropy_sum", "categorical_cross_entropy", "then the mean over examples"),
    ("binary_cross_entropy_from_logits_naive", "binary_cross_entropy_from_logits", "never form sigmoid(z)"),
    ("binary_cross_entropy_no_clip", "binary_cross_entropy", "clip p"),
]


@pytest.mark.parametrize("mutant, task, hint", NAMED_MISTAKES, ids=[m[0] for m in NAMED_MISTAKES])
def test_each_named_mistake_costs_only_its_task_and_its_hint_says_why(course, mutant, task, hint):
    config = course.exercise("exercise3")
    target = Target(modules=list(config.reference), files=[os.path.join(MUTANTS, "exercise3", f"{mutant}.py")],
                    sys_path=[course.root])
    result = pipeline.grade(course, "exercise3", target)
    lost = {t.name: t.score for t in result.tasks if t.score < t.max_score}
    assert lost == {task: 0}
    assert hint in result.task(task).first_failure.hint
