"""The gradebook: rows per student x exercise x task x test, replace-on-regrade, skip logic, kill safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from graders.gradebook import Gradebook, public_result


def outcome(student="alice", exercise="exercise3", score=3, sha="s1", version="v1", status="graded", hidden=True):
    tests_a = [{"name": "t1", "passed": True, "score": 1, "max_score": 1, "message": "", "hint": "", "hidden": False},
               {"name": "t2 (hidden)", "passed": score >= 3, "score": 1 if score >= 3 else 0, "max_score": 1,
                "message": "" if score >= 3 else "failed on a hidden test", "hint": "h", "hidden": hidden}]
    tests_b = [{"name": "u1", "passed": True, "score": 1, "max_score": 1, "message": "", "hint": "", "hidden": False}]
    return {"student": student, "exercise": exercise, "path": f"/subs/{student}/{exercise}.py", "sha256": sha,
            "grader_version": version, "status": status, "tier": "bwrap", "seconds": 0.5, "output": "printed",
            "result": {"exercise": exercise, "score": score, "max_score": 3,
                       "tasks": [{"name": "a", "score": 2 if score >= 3 else 0, "max_score": 2, "tests": tests_a},
                                 {"name": "b", "score": 1, "max_score": 1, "tests": tests_b}]}}


def test_one_row_per_task_and_test_and_round_trip(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome())
        assert gb.counts() == {"submissions": 1, "tasks": 2, "tests": 3}
        result = gb.result("alice", "exercise3")
    assert result["score"] == 3 and result["max_score"] == 3
    assert [t["name"] for t in result["tasks"]] == ["a", "b"]
    assert [t["name"] for t in result["tasks"][0]["tests"]] == ["t1", "t2 (hidden)"]
    assert result["tasks"][0]["tests"][1]["hidden"] is True
    assert set(public_result(result)["tasks"][0]["tests"][1]) == {"name", "passed", "score", "max_score", "message",
                                                                  "hint"}


def test_regrade_replaces_rows_instead_of_adding(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome(score=3))
        gb.record(outcome(score=1, sha="s2"))
        assert gb.counts() == {"submissions": 1, "tasks": 2, "tests": 3}
        assert gb.result("alice", "exercise3")["score"] == 1


def test_is_current_needs_same_hash_same_version_and_a_grade(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome())
        assert gb.is_current("alice", "exercise3", "s1", "v1")
        assert not gb.is_current("alice", "exercise3", "s2", "v1")  # the student changed the file
        assert not gb.is_current("alice", "exercise3", "s1", "v2")  # the graders changed
        assert not gb.is_current("bob", "exercise3", "s1", "v1")
        gb.record(outcome(status="error"))
        assert not gb.is_current("alice", "exercise3", "s1", "v1")  # errors are retried


def test_wal_mode_and_readers_during_a_write(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome())
        assert gb.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        reader = sqlite3.connect(gb.path)
        gb.db.execute("BEGIN IMMEDIATE")
        gb.db.execute("DELETE FROM tests")
        assert reader.execute("SELECT COUNT(*) FROM tests").fetchone()[0] == 3  # readers see the last commit
        gb.db.execute("ROLLBACK")
        reader.close()


WRITER = """
import sys
sys.path.insert(0, {root!r})
from tests.graders.test_gradebook import outcome
from graders.gradebook import Gradebook
gb = Gradebook({out!r})
i = 0
while True:
    gb.record(outcome(student=f"s{{i:05d}}", score=3 if i % 2 else 1))
    print(i, flush=True)
    i += 1
"""


def test_sigkill_while_writing_loses_no_committed_submission(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-c", WRITER.format(root=root, out=str(tmp_path))],
                            stdout=subprocess.PIPE, text=True)
    committed = -1
    deadline = time.monotonic() + 60
    while committed < 40 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the next transaction
    proc.wait()
    with Gradebook(str(tmp_path)) as gb:
        assert gb.integrity_ok()
        students = gb.students()
        assert len(students) >= committed + 1  # everything reported as committed is there
        for student in students:  # and every submission is complete: all of its rows or none
            result = gb.result(student, "exercise3")
            assert len(result["tasks"]) == 2 and sum(len(t["tests"]) for t in result["tasks"]) == 3


def test_tests_with_the_same_name_are_both_kept(tmp_path):
    o = outcome()
    o["result"]["tasks"][1]["tests"].append(dict(o["result"]["tasks"][1]["tests"][0], passed=False, score=0))
    with Gradebook(str(tmp_path)) as gb:
        gb.record(o)
        tests = gb.result("alice", "exercise3")["tasks"][1]["tests"]
    assert [t["name"] for t in tests] == ["u1", "u1"] and [t["passed"] for t in tests] == [True, False]
