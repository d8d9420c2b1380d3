"""Every array-valued task has a test on degenerate inputs (constant rows, all zeros, one element),
and there a single number returned in place of the array fails with a message about the shape."""

from __future__ import annotations

import numpy as np
import pytest

from graders import course as course_module
from graders import fixtures, judge, pipeline
from graders.runner import Outcome

# Array-valued tasks without a "degenerate:" test, and why: their outputs are judged by properties
# that already check the shape on their own small cases (a batch of one, steps = 0, leave-one-out),
# or the student's function returns no array at all (the grader's helper reads the Keras model).
EXEMPT = {
    ("exercise1", "gate_weights"),  # input is a gate's name; w's shape (2,) is checked by the truth table
    ("exercise5", "minibatches"), ("exercise5", "optimize"),  # "batches of one", "steps = 0"
    ("exercise6", "dropout_forward"),  # properties of a random mask; "rate = 0 keeps everything"
    ("exercise8", "init_params"), ("exercise8", "splits"), ("exercise8", "model_selection"),
    ("exercise8", "keras_fit_predict"),  # Keras training: its property names the shape (m_test, K) it wants
    ("exercise7", "train_test_split"), ("exercise7", "train_mlp"),  # properties: a partition; held-out accuracy
    ("exercise7", "build_keras_model"), ("exercise7", "load_numpy_params"),  # the grader's helper reads the model
}
EXERCISES = ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5", "exercise6", "exercise7", "exercise8"]


def _leaves(value):
    if isinstance(value, dict):
        for x in value.values():
            yield from _leaves(x)
    elif isinstance(value, (list, tuple)):
        for x in value:
            yield from _leaves(x)
    elif value is not None:
        yield np.asarray(value)


def _scalars(value):
    """``value`` with every array replaced by one number (its mean): what a student returns who
    summed or averaged an array away."""
    if isinstance(value, dict):
        return {k: _scalars(x) for k, x in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scalars(x) for x in value]
    if value is None:
        return None
    array = np.asarray(value, dtype=float)
    return np.array(array.mean() if array.size else 0.0)


def _planned(exercise: str) -> list:
    course = course_module.load()
    return pipeline.plan(course, exercise, pipeline.load_tasks(course, exercise))


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_array_valued_task_has_a_degenerate_test(exercise):
    stored = fixtures.load(exercise)
    array_valued = {key.split("/")[0] for key, (_, _, expected) in stored.items()
                    if any(leaf.ndim for leaf in _leaves(expected))}
    with_degenerate = {key.split("/")[0] for key in stored if key.split("/", 1)[1].startswith("degenerate:")}
    missing = sorted(t for t in array_valued - with_degenerate if (exercise, t) not in EXEMPT)
    assert missing == []


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_scalar_for_the_array_fails_on_the_shape(exercise):
    config = course_module.load().exercise(exercise)
    seen = 0
    for p in _planned(exercise):
        if not p.test.name.startswith("degenerate:"):
            continue
        seen += 1
        got = _scalars(p.expected)
        if p.test.pure:  # the arguments after the call, unchanged (what the child returns beside the output)
            got = [got, [np.array(a) for c in p.case.calls for a in c.args if isinstance(a, np.ndarray)]]
        verdict = judge.judge(p.test, p.case, Outcome(value=got), p.expected, config.rtol, config.atol)
        assert not verdict.passed, p.test.name
        assert "shape" in verdict.message, (p.test.name, verdict.message)
        if verdict.failure.kind == "wrong_shape":  # the judge's own comparison: it names the mistake too
            assert verdict.failure.diagnosis == "scalar_for_array", (p.test.name, verdict.message)
    assert seen


def test_the_reference_passes_the_degenerate_tests():
    config = course_module.load().exercise("exercise4")
    for p in _planned("exercise4"):
        if p.test.name.startswith("degenerate:"):
            got = p.expected
            if p.test.pure:
                got = [got, [np.array(a) for c in p.case.calls for a in c.args if isinstance(a, np.ndarray)]]
            assert judge.judge(p.test, p.case, Outcome(value=got), p.expected, config.rtol, config.atol).passed
