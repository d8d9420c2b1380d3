"""exercise3 graded end to end: reference full marks, every mutant caught, other correct styles accepted."""

import json

import pytest

from graders.validate import find_mutants, validate_exercise
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


def test_every_task_has_at_least_four_mutants_with_a_docstring():
    mutants = find_mutants("exercise3")
    by_task = {}
    for m in mutants:
        by_task.setdefault(m.breaks, []).append(m)
        assert m.doc, m.path
    assert set(by_task) == {"softmax", "log_softmax", "categorical_cross_entropy", "sparse_categorical_cross_entropy",
                            "binary_cross_entropy", "binary_cross_entropy_from_logits", "mse", "mae"}
    assert all(len(v) >= 4 for v in by_task.values())


@pytest.mark.slow
def test_validate_exercise3(course):
    lines = []
    assert validate_exercise(course, "exercise3", tf=True, say=lines.append), "\n".join(lines)
    assert any("mutants caught: 37/37" in line for line in lines)


def test_fixtures_are_current(course):
    from graders import fixtures, pipeline

    tasks = pipeline.load_tasks(course, "exercise3")
    assert fixtures.stale("exercise3", tasks, pipeline.reference_namespace(course.exercise("exercise3").reference)) == []


def test_stub_is_generated_from_the_reference(course):
    result = run_nnlab("stubs", "exercise3", "--check")
    assert result.returncode == 0 and "up to date" in result.stdout
