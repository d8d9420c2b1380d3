"""Points for the concept (issue 10, item 8): a backward pass computed by finite differences of the
student's own forward loses its task by timeout on the large-layer test, and only that test.

Each backward task is graded alone, public tests only, with a 3 s test limit (course.yml's is
10 s, validate's 30 s): the reference passes the large test in milliseconds, the mutant that
differences the forward (graders/mutants/.../*_finite_differences.py) needs minutes for it.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from graders import pipeline
from graders.runner import Limits, Target
from graders.validate import MUTANTS
from tests.conftest import ROOT

CASES = [("exercise4", "dense_backward"), ("exercise4", "relu_backward"), ("exercise4", "sigmoid_backward"),
         ("exercise4", "mlp_loss_and_grads"), ("exercise6", "batchnorm_backward")]
SHORT = Limits(test_seconds=3, submission_seconds=60, memory_mb=None, load_seconds=60)


def grade_task(course, exercise: str, task: str, files: tuple = ()):
    config = course.exercise(exercise)
    tasks = [t for t in pipeline.load_tasks(course, exercise) if t.name == task]
    target = Target(modules=list(config.reference), files=list(files), sys_path=[ROOT])
    return pipeline.grade(course, exercise, target, tasks=tasks, limits=SHORT).task(task)


def large(task):
    (test,) = [t for t in task.tests if t.name.startswith("a large")]
    return test


@pytest.mark.parametrize("exercise, task", CASES)
def test_the_reference_passes_the_large_layer_test_well_within_the_limit(course, exercise, task):
    result = grade_task(course, exercise, task)
    assert result.score == result.max_score and large(result).passed


@pytest.mark.slow
@pytest.mark.parametrize("exercise, task", CASES)
def test_a_backward_by_finite_differences_loses_the_task_by_timeout_on_the_large_layer(course, exercise, task):
    mutant = os.path.join(MUTANTS, exercise, f"{task}_finite_differences.py")
    result = grade_task(course, exercise, task, files=(mutant,))
    assert result.score == 0
    big = large(result)
    assert not big.passed and big.kind == "timeout", big.message
    assert "hundreds of thousands" in big.hint or "100,000" in big.hint


def test_the_large_tests_keep_the_fixtures_small():
    """Their inputs are made from seeds in the child and their outputs are projections."""
    for exercise in ("exercise4", "exercise6"):
        assert os.path.getsize(os.path.join(ROOT, "graders", "fixtures", f"{exercise}.npz")) < 200_000


def test_the_large_cases_store_no_large_array(course):
    from graders.spec import encode

    for exercise, task_name in CASES:
        (task,) = [t for t in pipeline.load_tasks(course, exercise) if t.name == task_name]
        test = next(t for t in task.tests if t.name.startswith("a large"))
        _, arrays = encode(test.build(np.random.default_rng(0)))
        assert sum(a.nbytes for a in arrays.values()) < 10_000, (exercise, task_name)
