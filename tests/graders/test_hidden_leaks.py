"""Hidden inputs must not leave through what a result shows (issue 10, item 3).

Each attack is a real exercise3 submission graded with its hidden tests (one child runs them all,
as in class grading), then every output a student sees is searched for the leaked marker: the
messages, the JSON of the result, the gradebook row and the HTML feedback page.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from graders import pipeline, runner
from graders.feedback import render
from graders.gradebook import Gradebook
from tests.conftest import ROOT

REFERENCE = open(os.path.join(ROOT, "reference", "numpy", "losses.py"), encoding="utf-8").read()

# softmax keeps every input it sees (its hidden tests run before log_softmax's public ones) and
# log_softmax raises them in its exception text: a public test's text carrying hidden inputs.
THROUGH_A_PUBLIC_TEST = """
_SEEN = []
_softmax = softmax

def softmax(z):
    _SEEN.append(np.asarray(z).ravel()[:3].tolist())
    return _softmax(z)

def log_softmax(z):
    raise ValueError("LEAK " + repr(_SEEN))
"""

# The exception's class name is made of the inputs: old hidden messages kept "raised <Name>".
THROUGH_A_CLASS_NAME = """
def softmax(z):
    digits = "_".join(str(abs(int(v * 1e4))) for v in np.asarray(z).ravel()[:3])
    raise type("LEAK_" + digits, (Exception,), {})("x")
"""

# A message that starts with words the parent writes: _SAFE_HIDDEN anchored only that start.
THROUGH_A_PARENT_PREFIX = """
def softmax(z):
    raise ValueError("did not return within 10 s LEAK " + repr(np.asarray(z).ravel()[:3].tolist()))
"""

# Printed output of a hidden call.
THROUGH_STDOUT = """
def softmax(z):
    print("LEAK", np.asarray(z).ravel()[:3].tolist())
    raise ValueError("boom")
"""


def outputs(result) -> list:
    """Everything a student can be shown of ``result``, as text."""
    data = result.to_json()
    texts = [json.dumps(data), *(t.message for task in result.tasks for t in task.tests)]
    texts.append(render("mallory", {"exercise3": data}, plots=False))
    return texts


def hidden_markers(course) -> list:
    """How each attack would write a hidden softmax input: its first values, and their digits."""
    tasks = [t for t in pipeline.load_tasks(course, "exercise3") if t.name == "softmax"]
    markers = []
    for p in pipeline.plan(course, "exercise3", tasks, hidden=True, seed_key="mallory", public=False):
        for array in p.arrays.values():
            first = np.asarray(array).ravel()[:3]
            markers += [repr(first.tolist()), "_".join(str(abs(int(v * 1e4))) for v in first)]
    assert markers
    return markers


@pytest.mark.parametrize("attack", [THROUGH_A_PUBLIC_TEST, THROUGH_A_CLASS_NAME, THROUGH_A_PARENT_PREFIX, THROUGH_STDOUT],
                         ids=["public-test-text", "class-name", "parent-prefix", "stdout"])
def test_hidden_inputs_do_not_leave_through_any_output(course, write, attack, tmp_path):
    path = write("exercise3.py", REFERENCE + attack)
    result = pipeline.grade(course, "exercise3", runner.Target(files=[path]), hidden=True, seed_key="mallory")
    hidden = [t for task in result.tasks for t in task.tests if t.hidden and not t.passed]
    assert hidden, "the attack must fail some hidden test for the check to mean anything"
    assert all("LEAK" not in t.message for t in hidden)
    markers = hidden_markers(course)
    # the gradebook keeps what grade_one stores: the typed JSON of each test
    record = {"student": "mallory", "exercise": "exercise3", "sha256": "s", "grader_version": "v",
              "status": "graded", "result": result.to_json()}
    with Gradebook(str(tmp_path)) as gb:
        gb.record(record)
        stored = json.dumps(gb.result("mallory", "exercise3"))
    for text in [*outputs(result), stored]:
        assert not [m for m in markers if m in text]


def test_public_tests_run_first_so_their_own_errors_are_shown_in_class_grading(course, write):
    """Public tests run before any hidden input reaches the child: a public failure's text is the
    student's own, and it can hold only public inputs (a student in class grading sees it)."""
    path = write("exercise3.py", REFERENCE + THROUGH_A_PUBLIC_TEST)
    result = pipeline.grade(course, "exercise3", runner.Target(files=[path]), hidden=True, seed_key="mallory")
    public = [t for t in result.task("log_softmax").tests if not t.hidden]
    assert public and all("LEAK" in t.message for t in public)


def test_hidden_failures_still_say_what_kind_of_failure(course, write):
    path = write("exercise3.py", REFERENCE + THROUGH_A_CLASS_NAME)
    result = pipeline.grade(course, "exercise3", runner.Target(files=[path]), hidden=True, seed_key="mallory")
    hidden = [t for t in result.task("softmax").tests if t.hidden]
    assert hidden and all(t.kind == "exception" and t.message.startswith("raised an exception") for t in hidden)


def test_without_hidden_tests_a_public_failure_shows_the_students_own_error(course, write):
    path = write("exercise3.py", REFERENCE + THROUGH_A_PARENT_PREFIX)
    result = pipeline.grade(course, "exercise3", runner.Target(files=[path]))
    assert all("LEAK" in t.message for t in result.task("softmax").tests)
