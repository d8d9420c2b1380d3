"""Exports of the gradebook: JSON (DESIGN.md schema), nbgrader-like CSV, Gradescope results.json, Canvas CSV."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from graders.export import CANVAS_COLUMNS, INTAKE_COLUMNS, NBGRADER_COLUMNS, export, gradescope_result
from graders.gradebook import Gradebook
from tests.graders.test_gradebook import outcome

NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")


@pytest.fixture
def out(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("alice", "exercise3", score=3))
        gb.record(outcome("bob", "exercise3", score=1))
        gb.record(outcome("alice", "exercise4", score=3))  # bob has no exercise4
    return str(tmp_path)


def test_json_is_students_then_exercises_then_the_result_schema(out):
    data = json.load(open(export(out, "json")))
    assert set(data) == {"alice", "bob"} and set(data["alice"]) == {"exercise3", "exercise4"}
    result = data["bob"]["exercise3"]
    assert set(result) == {"exercise", "score", "max_score", "tasks"}
    assert result["score"] == 1 and result["max_score"] == 3
    assert set(result["tasks"][0]) == {"name", "score", "max_score", "tests"}
    # DESIGN.md's test schema plus the typed fields, as `nnlab check --json` prints them
    assert set(result["tasks"][0]["tests"][0]) == {"name", "passed", "score", "max_score", "message", "hint",
                                                   "kind", "diagnosis", "hidden"}


def test_csv_has_nbgrader_columns_and_zero_for_missing(out):
    rows = list(csv.DictReader(open(export(out, "csv"), newline="")))
    assert list(rows[0]) == NBGRADER_COLUMNS + INTAKE_COLUMNS
    got = {(r["assignment"], r["student_id"]): (r["score"], r["max_score"], r["status"]) for r in rows}
    assert got == {("exercise3", "alice"): ("3", "3", "graded"), ("exercise3", "bob"): ("1", "3", "graded"),
                   ("exercise4", "alice"): ("3", "3", "graded"), ("exercise4", "bob"): ("0", "3", "missing")}
    missing = next(r for r in rows if r["assignment"] == "exercise4" and r["student_id"] == "bob")
    assert missing["timestamp"] == "" and missing["note"] == "missing: no submission found"


def test_gradescope_results_json_per_submission(out):
    root = export(out, "gradescope")
    data = json.load(open(os.path.join(root, "bob", "exercise3", "results.json")))
    assert data["score"] == 1.0 and data["stdout_visibility"] == "hidden"
    assert [t["name"] for t in data["tests"]] == ["a", "b"]
    first = data["tests"][0]
    assert first["score"] == 0 and first["max_score"] == 2 and first["status"] == "failed"
    assert "FAIL t2 (hidden)" in first["output"] and "hint: h" in first["output"]
    assert data["tests"][1]["status"] == "passed"
    missing = json.load(open(os.path.join(root, "bob", "exercise4", "results.json")))
    assert missing["score"] == 0 and missing["tests"] == [] and "missing: no submission found" in missing["output"]
    # every key is one of the Gradescope spec's
    allowed = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
               "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
    assert set(data) <= allowed
    assert set(first) <= {"score", "max_score", "status", "name", "name_format", "number", "output",
                          "output_format", "tags", "visibility", "extra_data"}


def test_gradescope_score_is_the_task_sum_not_the_test_sum():
    result = {"exercise": "e", "score": 0, "max_score": 2, "tasks": [
        {"name": "a", "score": 0, "max_score": 2, "tests": [
            {"name": "t1", "passed": True, "score": 1, "max_score": 1, "message": "", "hint": ""},
            {"name": "t2", "passed": False, "score": 0, "max_score": 1, "message": "wrong", "hint": ""}]}]}
    data = gradescope_result(result)
    assert data["score"] == 0 and data["tests"][0]["score"] == 0  # no partial credit leaks through


def test_canvas_csv(out):
    rows = list(csv.reader(open(export(out, "canvas"), newline="")))
    assert rows[0] == CANVAS_COLUMNS + ["exercise3", "exercise4"]
    assert rows[1][0] == "Points Possible" and rows[1][5:] == ["3", "3"]
    body = {r[0]: r for r in rows[2:]}
    assert body["alice"][2] == body["alice"][3] == "alice"
    assert body["bob"][5:] == ["1", ""]  # missing: left ungraded in Canvas, not a made-up 0


def test_cli_export_and_missing_gradebook(out, tmp_path_factory):
    dest = os.path.join(out, "elsewhere.json")
    proc = subprocess.run([NNLAB, "export", out, "--format", "json", "--to", dest], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.load(open(dest))["alice"]["exercise3"]["score"] == 3
    empty = str(tmp_path_factory.mktemp("empty"))
    proc = subprocess.run([NNLAB, "export", empty, "--format", "csv"], capture_output=True, text=True)
    assert proc.returncode == 2 and "no gradebook" in proc.stderr


@pytest.fixture
def a_class(tmp_path):
    """alice graded, carol on the roster without a submission, yan with a misnamed file, zoe not on the roster."""
    from graders.intake import Unused

    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("alice", "exercise3", score=3))
        gb.record(outcome("zoe", "exercise3", score=1))
        gb.set_class({"exercise3": 3}, [Unused("yan/Exercise3.py", "did you mean exercise3.py?", "yan", "exercise3"),
                                        Unused("stray.py", "a file outside any student folder: put it in a student "
                                               "folder (<student>/<exercise>.py)")],
                     roster=["alice", "carol", "yan"])
    return str(tmp_path)


def test_every_export_shows_every_student_of_the_class(a_class):
    rows = list(csv.DictReader(open(export(a_class, "csv"), newline="")))
    by_student = {r["student_id"]: r for r in rows}
    assert set(by_student) == {"alice", "carol", "yan", "zoe", ""}
    assert by_student["carol"]["status"] == "missing" and by_student["carol"]["score"] == "0"
    assert "yan/Exercise3.py: did you mean exercise3.py?" in by_student["yan"]["note"]
    assert by_student["zoe"]["note"] == "not on the roster" and by_student["zoe"]["status"] == "graded"
    assert by_student[""]["status"] == "unrecognised" and "stray.py" in by_student[""]["note"]

    data = json.load(open(export(a_class, "json")))
    assert set(data) == {"alice", "carol", "yan", "zoe"}
    assert data["carol"]["exercise3"]["status"] == "missing" and data["carol"]["exercise3"]["score"] == 0
    assert set(data["alice"]["exercise3"]) == {"exercise", "score", "max_score", "tasks"}

    canvas = {r[0]: r for r in csv.reader(open(export(a_class, "canvas"), newline=""))}
    assert canvas["carol"][5] == "" and canvas["alice"][5] == "3" and "yan" in canvas

    root = export(a_class, "gradescope")
    for student in ("carol", "yan"):
        result = json.load(open(os.path.join(root, student, "exercise3", "results.json")))
        assert result["score"] == 0 and "missing" in result["output"]

    feedback = export(a_class, "html")
    assert sorted(os.listdir(feedback)) == ["alice.html", "carol.html", "index.html", "yan.html", "zoe.html"]
    assert "did you mean exercise3.py?" in open(os.path.join(feedback, "yan.html")).read()
    assert "missing: no submission found" in open(os.path.join(feedback, "carol.html")).read()
