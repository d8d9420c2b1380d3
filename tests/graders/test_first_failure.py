"""The failure a student sees first is the most telling one: real wrong submissions, graded by the
real pipeline, and the first-shown failure of the task they break (issue 11, item 3)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from graders import judge, pipeline, runner
from graders.limits import Limits
from tests.conftest import ROOT

MUTANTS = os.path.join(ROOT, "graders", "mutants")


def wrong(write, exercise: str, mutant: str) -> runner.Target:
    """The reference with one validated mutant's function pasted over it."""
    modules = {"exercise3": "reference.numpy.losses", "exercise4": "reference.numpy.layers"}
    path = write(f"{mutant}.py", open(os.path.join(MUTANTS, exercise, mutant + ".py"), encoding="utf-8").read())
    return runner.Target(files=[path], modules=[modules[exercise]], sys_path=[ROOT])


def first(course, target: runner.Target, exercise: str, task: str, **kwargs):
    result = pipeline.grade(course, exercise, target, **kwargs)
    shown = result.task(task).first_failure
    assert shown is not None, f"{task} passed"
    return shown


def test_log_of_softmax_shows_the_log_of_zero_hint_first(course, write):
    shown = first(course, wrong(write, "exercise3", "log_softmax_log_of_softmax"), "exercise3", "log_softmax")
    assert shown.name.startswith("a 2000 spread")
    assert shown.hint.startswith("log(softmax(z)) takes log(0)")


def test_a_global_max_shows_the_per_row_max_hint_first(course, write):
    shown = first(course, wrong(write, "exercise3", "softmax_global_max_shift"), "exercise3", "softmax")
    assert shown.name == "rows of very different scale"
    assert "its own max" in shown.hint and "whole array" in shown.hint


def test_a_mean_over_all_entries_is_a_factor_of_k_not_divided_by_m_twice(course, write):
    shown = first(course, wrong(write, "exercise3", "categorical_cross_entropy_mean_all"), "exercise3",
                  "categorical_cross_entropy")
    assert shown.diagnosis == "mean_over_classes"
    assert "the number of classes (K): a mean over classes too?" in shown.message
    assert "divided by m twice" not in shown.message
    assert "mean over examples, not the sum" not in shown.hint and "not a mean over all entries" in shown.hint


def test_returned_values_are_named_as_the_contract_names_them(course, write):
    shown = first(course, wrong(write, "exercise4", "dense_backward_db_mean"), "exercise4", "dense_backward")
    assert shown.failure.where == "`db`" and "in `db`" in shown.message and "value 3" not in shown.message


@pytest.mark.parametrize("body, kind", [
    ("raise NotImplementedError", "not_implemented"),
    ("return None", "wrong_type"),
    ("while True:\n        pass", "timeout"),
    ("import os\n    os.kill(os.getpid(), 11)", "crashed"),
])
def test_no_subject_hint_where_the_function_did_not_answer(course, write, body, kind):
    path = write("student.py", f"def softmax(z):\n    {body}\n")
    target = runner.Target(files=[path], modules=["reference.numpy.losses"], sys_path=[ROOT])
    tasks = [t for t in pipeline.load_tasks(course, "exercise3") if t.name == "softmax"]
    result = pipeline.grade(course, "exercise3", target, tasks=tasks,
                            limits=Limits(test_seconds=1.0, submission_seconds=20.0))
    shown = result.task("softmax").first_failure
    assert shown.kind == kind and shown.hint == ""
    assert all(t.hint == "" for t in result.task("softmax").tests if t.kind == kind)


def test_minus_zero_is_shown_as_zero_and_near_zero_has_no_relative_error():
    failure = judge.array_problem(np.array([-0.0]), np.array([0.5]), 1e-6, 1e-9)
    assert "expected 0," in failure.detail and "expected -0" not in failure.detail
    assert str(failure.numbers.expected) == "0.0"  # the JSON number too
    failure = judge.array_problem(np.array([1e-300, 2.0]), np.array([1e-3, 2.0]), 1e-6, 1e-9)
    assert "rel error" not in failure.detail and failure.numbers.max_rel_error is None
    failure = judge.array_problem(np.array([1e-300, 2.0]), np.array([1e-3, 3.0]), 1e-6, 1e-9)
    assert "max rel error 0.5" in failure.detail  # only over values away from 0


def test_a_real_near_zero_expected_value_quotes_no_huge_relative_error(course, write):
    path = write("student.py", "import numpy as np\ndef mae(y, y_hat):\n    return np.mean(y - y_hat) + 1e-3\n")
    target = runner.Target(files=[path], modules=["reference.numpy.losses"], sys_path=[ROOT])
    result = pipeline.grade(course, "exercise3", target)
    for test in result.task("mae").tests:
        assert "e+" not in test.message and "-0," not in test.message


def test_a_real_minus_zero_is_shown_as_0_with_no_relative_error(course, write):
    """relu_backward with the mask x >= 0: at the kink the reference's dout * 0 is -0 for a
    negative dout, and every wrong value is expected to be 0."""
    shown = first(course, wrong(write, "exercise4", "relu_backward_mask_ge_zero"), "exercise4", "relu_backward")
    assert shown.name == "x exactly 0 (the kink): derivative 0"
    assert "expected 0, got " in shown.message and "expected -0" not in shown.message
    assert "rel error" not in shown.message and shown.failure.numbers.max_rel_error is None


def test_a_scalar_graph_names_its_derivative_and_blames_no_batch(course, write):
    path = write("graph.py", open(os.path.join(MUTANTS, "exercise2", "graph_J_da_is_one.py"), encoding="utf-8").read())
    target = runner.Target(files=[path], modules=["reference.numpy.derivatives"], sys_path=[ROOT])
    shown = first(course, target, "exercise2", "graph_J")
    assert "wrong value in `dJ_da`: expected 3, got 1" in shown.message
    assert "looks like: off by a factor of 1/3" in shown.message and "m twice" not in shown.message
