"""The instructions teach: every task of every exercise has its own section (a heading that starts with
the task's function name, as ``nnlab assign``/``release`` split them), each section holds a worked
example (a line starting with ``**Worked example``), and a table of the numbers those examples quote
is recomputed here with the reference: the outside oracle that keeps the text honest."""

import math
import re

import numpy as np
import pytest

from graders import pipeline
from graders.assign import heading_function, instruction_sections

EXERCISES = ["exercise4"]  # grows as each exercise is rewritten
MARKER = re.compile(r"^\*\*Worked example", re.M)
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)


def _sections(course, exercise):
    tasks = pipeline.load_tasks(course, exercise)
    _, sections, _ = instruction_sections(course, exercise, {t.name: t.functions for t in tasks})
    return tasks, sections


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_task_has_its_own_section_with_a_worked_example(course, exercise):
    tasks, sections = _sections(course, exercise)
    for task in tasks:
        assert task.name in sections, f"{exercise}: no heading starts with {task.functions}"
        text = sections[task.name]
        headings = HEADING.findall(text)
        assert any(heading_function(h, task.functions) for h in headings), (task.name, headings)
        for fn in task.functions:  # a task grading two functions names both in its headings
            assert any(re.search(rf"\b{re.escape(fn)}\b", h) for h in headings), (task.name, fn, headings)
        assert MARKER.search(text), f"{exercise}.{task.name}: no line starting with **Worked example"


# --------------------------------------------------------------------------- the outside oracle


def _fmt(value, spec):
    """Numbers as the text shows them: ``spec`` is a format spec ("g", ".3f", ...) applied to every entry,
    lists in brackets with ", ", and a minus sign written as the text writes it (−)."""
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0):
        return "[" + ", ".join(_fmt(v, spec) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        return str(value)
    text = format(float(value), spec)
    if re.fullmatch(r"-0(\.0*)?", text):
        text = text[1:]
    return text.replace("-", "−")


def _squash(text):
    return re.sub(r"\s+", "", text).replace("-", "−")


def _ex1():
    from reference.numpy import activations as A, gates as G

    return [
        ("sigmoid", lambda: A.sigmoid(np.array([-2.0, 0.0, 2.0])), ".3f", "[0.119, 0.500, 0.881]"),
    ]


def _ex4():
    from reference.numpy import layers as L

    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])
    b = np.array([0.5, -1.0, 0.0])
    dout = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])

    def dense_bwd(i):
        return L.dense_backward(dout, L.dense_forward(x, W, b)[1])[i]

    params = {"W1": np.array([[1.0, -1.0], [1.0, 0.5]]), "b1": np.array([0.0, -1.0]),
              "W2": np.array([[1.0, -1.0], [2.0, 1.0]]), "b2": np.array([0.0, 0.5])}
    X = np.array([[1.0, 2.0]])

    def sq(v):
        return float(np.sum(v ** 2))

    return [
        ("dense_forward", lambda: L.dense_forward(x, W, b)[0][1], "g", "[1.5, −2, −3.5]"),
        ("dense_backward", lambda: dense_bwd(1)[0], "g", "[2.5, 6, −1]"),
        ("dense_backward", lambda: dense_bwd(1)[1], "g", "[1.5, −2, −2]"),
        ("dense_backward", lambda: dense_bwd(0)[1], "g", "[0.5, 3]"),
        ("dense_backward", lambda: dense_bwd(2), "g", "[1.5, 2, −1]"),
        ("sigmoid_backward", lambda: L.sigmoid_backward(np.array([1.0, 1.0, 2.0]),
                                                        L.sigmoid_forward(np.array([0.0, 2.0, -1.0]))[1]),
         ".3g", "[0.25, 0.105, 0.393]"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3]]), np.array([2]))[1][0],
         ".3f", "[0.090, 0.245, −0.335]"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3], [1, 1, 1]]),
                                                                  np.array([2, 0]))[0], ".3f", "0.753"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3], [1, 1, 1]]),
                                                                  np.array([2, 0]))[1][0], ".3f",
         "[0.045, 0.122, −0.167]"),
        ("bce_with_logits", lambda: L.bce_with_logits(np.array([0.0, 2, -1]), np.array([1.0, 1, 0]))[0], ".3f",
         "0.378"),
        ("bce_with_logits", lambda: L.bce_with_logits(np.array([0.0, 2, -1]), np.array([1.0, 1, 0]))[1], ".3f",
         "[−0.167, −0.040, 0.090]"),
        ("mlp_forward", lambda: L.mlp_forward(X, params)[0], "g", "[3, −2.5]"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[0], ".3f", "5.504"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[1]["W1"][1], ".4g",
         "[3.984, 0]"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[1]["b2"], ".4f",
         "[0.9959, −0.9959]"),
        ("gradient_check", lambda: L.gradient_check(sq, np.array([1.0, 2.0]), np.array([2.0, 4.04])), ".4f",
         "0.0050"),
        ("gradient_check", lambda: L.gradient_check(sq, np.array([1.0, 2.0]), np.array([1.0, 2.0])), ".3f",
         "0.333"),
    ]


ORACLE = {"exercise4": _ex4}


def _cases():
    for exercise, build in ORACLE.items():
        for i, case in enumerate(build()):
            yield pytest.param(exercise, case, id=f"{exercise}-{case[0]}-{i}")


@pytest.mark.parametrize(("exercise", "case"), list(_cases()))
def test_the_numbers_the_worked_examples_quote_are_the_references(course, exercise, case):
    task, compute, spec, shown = case
    value = compute()
    assert _fmt(value, spec) == shown, f"{exercise}.{task}: the reference gives {_fmt(value, spec)}, the text {shown}"
    _, sections = _sections(course, exercise)
    assert _squash(shown) in _squash(sections[task]), f"{exercise}.{task}: {shown} is not in its section"


def test_the_formatting_of_the_oracle():
    assert _fmt(np.array([-0.0001, 2.5, -1.0]), "g") == "[−0.0001, 2.5, −1]"
    assert _fmt(-0.0001, ".3f") == "0.000"
    assert _fmt(math.log(2), ".3f") == "0.693"
