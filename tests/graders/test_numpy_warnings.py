"""NumPy's floating-point warnings inside a student function become a note on that test (public
tests only, in the parent's words): a naive sigmoid keeps its points and learns why the stable form."""

from __future__ import annotations

import json

from graders import course as course_module
from graders import pipeline, runner
from graders.runner.protocol import numpy_warnings
from tests.conftest import run_nnlab

NAIVE_SIGMOID = '''
import numpy as np
from reference.numpy.activations import *  # noqa: F401,F403
from reference.numpy.gates import *  # noqa: F401,F403
from reference.numpy.derivatives import *  # noqa: F401,F403


def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))  # exp(1000) overflows (the result is still right)


def sigmoid_prime(z):
    s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1 - s)
'''


def _task(data: dict, name: str) -> dict:
    return next(t for t in data["tasks"] if t["name"] == name)


def _check_naive(write, exercise: str, task: str) -> dict:
    result = run_nnlab("check", exercise, "--file", write("naive.py", NAIVE_SIGMOID), "--json")
    data = _task(json.loads(result.stdout), task)
    assert data["score"] == data["max_score"], data  # the values are right: no point is lost
    return data


def test_exercise1_naive_sigmoid_gets_an_overflow_note(write):
    data = _check_naive(write, "exercise1", "sigmoid")
    noted = [t for t in data["tests"] if t.get("note")]
    assert [t["name"] for t in noted] == ["huge |z| (z = +-1000): no overflow to NaN"]
    assert "overflow in np.exp" in noted[0]["note"] and "stable form" in noted[0]["note"]


def test_exercise2_naive_sigmoid_prime_gets_an_overflow_note(write):
    data = _check_naive(write, "exercise2", "sigmoid_prime")
    noted = [t for t in data["tests"] if t.get("note")]
    assert noted and all("overflow in np.exp" in t["note"] for t in noted)
    assert all("huge" in t["name"] for t in noted)  # only where z is huge


def test_the_terminal_report_shows_the_note(write):
    result = run_nnlab("check", "exercise1", "--file", write("naive.py", NAIVE_SIGMOID), env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "note: sigmoid" in result.stdout and "overflow in np.exp" in result.stdout


def test_hidden_tests_get_no_note(write):
    # every call warns (log(0)), so every test, public or hidden, had a warning to report
    path = write("warns.py", NAIVE_SIGMOID + "\n\n_sigmoid = sigmoid\n\n\ndef sigmoid(z):\n"
                             "    np.log(np.zeros(1))\n    return _sigmoid(z)\n")
    course = course_module.load()
    result = pipeline.grade(course, "exercise1", runner.Target(files=[path]), hidden=True)
    tests = result.task("sigmoid").tests
    assert any(t.hidden for t in tests) and any(not t.hidden for t in tests)
    assert all("division by zero in np.log" in t.note for t in tests if not t.hidden)
    assert all(t.note == "" for t in tests if t.hidden)
    assert all("note" not in t.to_json() for t in tests if t.hidden)


def test_only_numpys_own_wording_passes_the_parent():
    record = {"warnings": [["RuntimeWarning", "overflow encountered in exp"],
                           ["RuntimeWarning", "overflow encountered in exp"],  # a duplicate
                           ["RuntimeWarning", "divide by zero encountered in log"],
                           ["RuntimeWarning", "the hidden input was 0.123456"],  # not NumPy's wording
                           ["UserWarning", "invalid value encountered in divide"],  # not a RuntimeWarning
                           ["RuntimeWarning", "invalid value encountered in secret_0_123456789012345678901234567"],
                           "junk", ["RuntimeWarning"], ["RuntimeWarning", 7]]}
    assert numpy_warnings(record) == [("overflow", "exp"), ("divide_by_zero", "log")]
    assert numpy_warnings({"warnings": "x"}) == [] and numpy_warnings({}) == []
    assert numpy_warnings({"warnings": [["RuntimeWarning", "overflow encountered in exp"]] * 100 +
                           [["RuntimeWarning", "overflow encountered in log"]]}) == [("overflow", "exp")]


def test_warning_note_words_come_from_the_parent():
    note = pipeline.warning_note([("overflow", "exp"), ("invalid_value", "divide"), ("overflow", "power")])
    assert note.startswith("NumPy warned: overflow in np.exp, np.power") and "invalid value in np.divide" in note
    assert pipeline.warning_note([]) == ""
