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
                                                                  "hint", "kind", "diagnosis", "hidden"}


def test_the_typed_result_round_trips_and_student_text_is_stored_clean(tmp_path):
    from graders.results import Failure, GradientCheck, Numbers, TestResult

    failure = Failure("gradient", gradient=GradientCheck(1e-7, {"W": 0.3, "b": float("nan")}),
                      numbers=Numbers(max_abs_error=float("inf")), detail="gradient check failed",
                      student_text="\x1b[2J\u202eevil")
    typed = TestResult("t1", False, 0.0, 1.0, failure=failure).to_json()
    record = outcome(score=1)
    record["result"]["tasks"][0]["tests"][0] = typed
    with Gradebook(str(tmp_path)) as gb:
        gb.record(record)
        stored = gb.result("alice", "exercise3")["tasks"][0]["tests"][0]
    assert stored["kind"] == "gradient" and stored["diagnosis"] is None and stored["hidden"] is False
    assert stored["gradient"] == {"threshold": 1e-7, "errors": {"W": 0.3, "b": None}}
    assert stored["numbers"] == {"max_abs_error": None}
    assert "\x1b" not in stored["message"] and "\u202e" not in stored["message"] and "evil" in stored["message"]


def test_a_gradebook_from_before_the_typed_result_gains_its_columns(tmp_path):
    import sqlite3

    db = sqlite3.connect(str(tmp_path / "gradebook.sqlite"))
    db.execute("CREATE TABLE tests (student TEXT NOT NULL, exercise TEXT NOT NULL, task TEXT NOT NULL, "
               "test TEXT NOT NULL, position INTEGER NOT NULL, passed INTEGER NOT NULL, score REAL NOT NULL, "
               "max_score REAL NOT NULL, message TEXT NOT NULL, hint TEXT NOT NULL, hidden INTEGER NOT NULL, "
               "PRIMARY KEY (student, exercise, task, position))")
    db.commit()
    db.close()
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome(score=1))
        assert gb.result("alice", "exercise3")["tasks"][0]["tests"][1]["kind"] is None


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


def test_staleness_says_why_a_grade_is_redone_and_the_secret_is_never_stored(tmp_path):
    from graders.batch import secret_fingerprint

    fp = secret_fingerprint("course-secret-1")
    assert fp != secret_fingerprint("course-secret-2") and "course-secret-1" not in fp
    with Gradebook(str(tmp_path)) as gb:
        gb.record({**outcome(), "secret_fingerprint": fp})
        assert gb.staleness("alice", "exercise3", "s1", "v1", fp) is None
        assert gb.staleness("bob", "exercise3", "s1", "v1", fp) == "new"
        assert gb.staleness("alice", "exercise3", "s2", "v1", fp) == "changed"
        assert gb.staleness("alice", "exercise3", "s1", "v2", fp) == "grader"
        assert gb.staleness("alice", "exercise3", "s1", "v1", secret_fingerprint("other")) == "secret"
    raw = open(os.path.join(tmp_path, "gradebook.sqlite"), "rb").read()
    assert b"course-secret-1" not in raw and fp.encode() in raw


def test_a_gradebook_from_before_the_fingerprint_is_regraded_once(tmp_path):
    from graders.batch import secret_fingerprint

    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome())
        gb.db.execute("ALTER TABLE submissions DROP COLUMN secret_fingerprint")  # the old schema
    with Gradebook(str(tmp_path)) as gb:  # migrated on open
        assert gb.staleness("alice", "exercise3", "s1", "v1", secret_fingerprint("k")) == "unknown secret"


def test_class_rows_mark_missing_unused_and_not_on_the_roster(tmp_path):
    from graders.intake import Unused

    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("alice"))
        gb.record(outcome("zoe", score=1))
        gb.set_class({"exercise3": 3}, [Unused("yan/Exercise3.py", "did you mean exercise3.py?", "yan", "exercise3"),
                                        Unused("stray.py", "a file outside any student folder", "", "")],
                     roster=["alice", "carol", "yan"])
        rows = {r["student"]: r for r in gb.class_rows()}
        assert set(rows) == {"alice", "carol", "yan", "zoe"}
        assert rows["alice"]["status"] == "graded" and rows["alice"]["note"] == ""
        assert rows["carol"]["status"] == "missing" and rows["carol"]["score"] == 0 and rows["carol"]["max_score"] == 3
        assert rows["yan"]["note"] == ("missing: no submission found; "
                                       "not used: yan/Exercise3.py: did you mean exercise3.py?")
        assert rows["zoe"]["on_roster"] is False and rows["zoe"]["note"] == "not on the roster"
        missing = gb.result("carol", "exercise3")
        assert missing["status"] == "missing" and missing["score"] == 0 and "no submission" in missing["error"]
        assert gb.result("carol", "exercise9") is None
        gb.set_class({"exercise3": 3}, [])  # a run without --roster keeps the last roster
        assert gb.roster() == ["alice", "carol", "yan"] and gb.unused() == []
        assert gb.db.execute("SELECT student, exercise FROM missing ORDER BY 1").fetchall() == [
            ("carol", "exercise3"), ("yan", "exercise3")]  # the view, for whoever opens the database


def test_each_submissions_peak_memory_is_kept_and_exported(tmp_path):
    from graders.export import export_csv

    with Gradebook(str(tmp_path)) as gb:
        gb.record({**outcome("alice"), "peak_memory_mb": 812.4})
        gb.record({**outcome("bob"), "peak_memory_mb": None})  # no cgroup: unmeasured, not 0
        gb.record({**outcome("carol"), "peak_memory_mb": "lots"})  # never trusted as a number
        peaks = {r["student"]: r["peak_memory_mb"] for r in gb.class_rows()}
        export_csv(gb, str(tmp_path / "grades.csv"))
    assert peaks == {"alice": 812.4, "bob": None, "carol": None}
    import csv

    rows = {r["student_id"]: r for r in csv.DictReader(open(tmp_path / "grades.csv"))}
    assert rows["alice"]["peak_memory_mb"] == "812" and rows["bob"]["peak_memory_mb"] == ""
