"""``nnlab grade``: discovery, exact scores for a class, skipping, Dask, and surviving SIGKILL."""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from graders import batch
from graders import course as course_module
from tests.graders import classroom

MUTANTS = os.path.join(classroom.ROOT, "graders", "mutants", "exercise3")


def mutant(name: str) -> str:
    """A buggy student: the solution with one known-wrong function (a validated mutant) pasted over it."""
    return classroom.SOLUTION + "\n\n" + open(os.path.join(MUTANTS, name + ".py"), encoding="utf-8").read()


def points(task: str) -> float:
    return course_module.load(classroom.ROOT).exercise("exercise3").tasks[task].points


@pytest.fixture
def course_dir(tmp_path):
    return classroom.make_course(tmp_path / "course")


def test_discover_both_layouts_and_an_nbgrader_course_dir(tmp_path, course_dir):
    course = course_module.load(course_dir)
    root = tmp_path / "nbcourse" / "submitted"
    classroom.add(root, "alice", "exercise3.py", "x = 1")
    classroom.add(root, "bob", "exercise3/exercise3.ipynb", classroom.notebook("x = 1"))
    classroom.add(root, "carol", "exercise3.ipynb", classroom.notebook("x = 1"))
    classroom.add(root, "dave", "exercise3.py", "x = 1")
    classroom.add(root, "dave", "exercise3.ipynb", classroom.notebook("x = 1"))
    classroom.add(root, "erin", "notes.txt", "no submission")
    classroom.add(root, "-rm -rf", "exercise3.py", "x = 1")
    classroom.add(root, ".hidden", "exercise3.py", "x = 1")
    intake = batch.discover(str(tmp_path / "nbcourse"), course)
    found = {(s.student, os.path.relpath(s.path, root)) for s in intake.submissions}
    assert found == {("alice", "alice/exercise3.py"), ("bob", "bob/exercise3/exercise3.ipynb"),
                     ("carol", "carol/exercise3.ipynb"), ("dave", "dave/exercise3.py")}
    unused = {u.path: u.reason for u in intake.unused}
    assert unused["dave/exercise3.ipynb"] == "another file of exercise3 was graded (dave/exercise3.py)"
    assert "not a usable student id" in unused["-rm -rf"] and "not a usable student id" in unused[".hidden"]
    assert unused["erin/notes.txt"].startswith("not a submission")
    with pytest.raises(course_module.CourseError, match="unknown exercise"):
        batch.discover(str(root), course, ["exercise99"])


def test_seed_key_is_hmac_of_the_student_id():
    expected = hmac.new(b"k", b"alice", hashlib.sha256).hexdigest()
    assert batch.seed_key("k", "alice") == expected
    assert batch.seed_key("k", "bob") != expected and batch.seed_key("other", "alice") != expected


def test_hidden_tests_differ_per_student_and_are_stable(course_dir):
    from graders import pipeline

    course = course_module.load(course_dir)
    tasks = pipeline.load_tasks(course, "exercise3")

    def hidden_inputs(student):
        planned = pipeline.plan(course, "exercise3", tasks, hidden=True, public=False,
                                seed_key=batch.seed_key(classroom.SECRET, student))
        return [a.tobytes() for p in planned for a in p.arrays.values()]

    assert hidden_inputs("alice") == hidden_inputs("alice")
    assert hidden_inputs("alice") != hidden_inputs("bob")


def test_hidden_failures_are_stored_from_typed_data_only():
    """What grade_one stores for a test is its typed JSON: a hidden test's message is the parent's
    words for the kind, never the child's text, whatever that text starts with."""
    from graders.judge import failure_of
    from graders.results import TestResult

    for message in ("did not return within 10 s 0.25 0.5", "sys.exit([0.1, 0.2])", "ValueError: [0.25, 0.5]"):
        for kind in ("timeout", "exit", "exception"):
            t = TestResult("t (hidden)", False, 0.0, 1.0, hidden=True, failure=failure_of({"kind": kind, "message": message}))
            stored = t.to_json()
            assert "0.25" not in stored["message"] and "0.1" not in stored["message"], stored
            assert stored["kind"] == kind and stored["hidden"] is True


def plant_class(subs):
    """A class with known scores: {student: expected exercise3 score}."""
    full = classroom.FULL
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    classroom.add(subs, "bob", "exercise3.py", classroom.STUB)
    classroom.add(subs, "carol", "exercise3.py", mutant("softmax_no_max_shift"))
    classroom.add(subs, "dave", "exercise3.py", mutant("mse_half"))
    classroom.add(subs, "erin", "exercise3.ipynb", classroom.notebook(("markdown", "# my work"), classroom.SOLUTION,
                                                                       "print(softmax([1.0, 2.0]))"))
    classroom.add(subs, "frank", "exercise3/exercise3.ipynb", classroom.notebook(mutant("mae_sum")))
    classroom.add(subs, "grace", "exercise3.py", "def softmax(z):\n    return (\n")  # syntax error
    return {"alice": full, "bob": 0, "carol": full - points("softmax"), "dave": full - points("mse"),
            "erin": full, "frank": full - points("mae"), "grace": 0}


@pytest.mark.slow
def test_a_class_gets_exactly_the_expected_scores_then_regrades_only_changes(tmp_path, course_dir):
    subs, out = tmp_path / "subs", tmp_path / "out"
    expected = plant_class(subs)
    proc = classroom.grade(course_dir, subs, out, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert f"{len(expected)} graded, 0 unchanged" in proc.stderr
    got = classroom.rows(out)
    assert got == {(s, "exercise3"): (float(v), "graded") for s, v in expected.items()}
    # carol lost exactly softmax, and the message says why
    assert classroom.task_scores(out, "carol")["softmax"] == 0
    assert sorted(os.listdir(out / "feedback")) == sorted([f"{s}.html" for s in expected] + ["index.html"])
    assert "syntax error" in open(out / "feedback" / "grace.html").read()
    # a re-run grades nothing; a changed file is regraded alone
    proc = classroom.grade(course_dir, subs, out, "--workers", "2")
    assert "0 graded, 7 unchanged" in proc.stderr, proc.stderr
    classroom.add(subs, "bob", "exercise3.py", classroom.SOLUTION)
    proc = classroom.grade(course_dir, subs, out, "--workers", "2", "--no-feedback")
    assert "1 graded, 6 unchanged" in proc.stderr, proc.stderr
    assert classroom.rows(out)[("bob", "exercise3")] == (classroom.FULL, "graded")
    # exports of the same gradebook
    for fmt in ("json", "csv", "gradescope", "canvas"):
        done = subprocess.run([classroom.NNLAB, "export", str(out), "--format", fmt], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert os.path.exists(done.stdout.strip())


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_grades(tmp_path, course_dir, monkeypatch):
    from distributed import Client, LocalCluster

    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    classroom.add(subs, "carol", "exercise3.py", mutant("softmax_no_max_shift"))
    classroom.add(subs, "bob", "exercise3.py", classroom.STUB)
    monkeypatch.setenv(classroom.SECRET_ENV, classroom.SECRET)
    course = course_module.load(course_dir)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = batch.run_batch(course, str(subs), str(tmp_path / "out"), dask_client=client, progress=False)
    assert summary.graded == 3 and summary.errors == 0
    assert classroom.rows(tmp_path / "out") == {
        ("alice", "exercise3"): (classroom.FULL, "graded"), ("bob", "exercise3"): (0.0, "graded"),
        ("carol", "exercise3"): (classroom.FULL - points("softmax"), "graded")}


@pytest.mark.slow
def test_sigkill_mid_run_loses_no_grade_and_a_rerun_completes(tmp_path, course_dir):
    subs, out, work = tmp_path / "subs", tmp_path / "out", tmp_path / "work"
    work.mkdir()
    n = 10
    for i in range(n):
        classroom.add(subs, f"s{i:02d}", "exercise3.py", classroom.SOLUTION if i % 2 else mutant("mse_half"))
    env = {**os.environ, classroom.SECRET_ENV: classroom.SECRET, "TMPDIR": str(work)}
    proc = subprocess.Popen([classroom.NNLAB, "grade", str(subs), "--out", str(out), "--workers", "1",
                             "--no-feedback"], cwd=course_dir, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path = out / "gradebook.sqlite"
    deadline = time.monotonic() + 300
    recorded = 0
    while time.monotonic() < deadline and recorded < 3:
        time.sleep(0.05)
        if db_path.exists():
            try:
                db = sqlite3.connect(db_path)
                recorded = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
                db.close()
            except sqlite3.Error:
                pass
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers, mid-submission
    proc.wait()
    assert 3 <= recorded < n, "the kill came too late to test anything"
    time.sleep(1.0)
    before = classroom.rows(out)
    assert len(before) >= recorded
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for (student, _), _row in before.items():  # every recorded submission is complete
        assert db.execute("SELECT COUNT(*) FROM tasks WHERE student=?", (student,)).fetchone()[0] == 8
    db.close()
    # nothing of the killed run keeps running (sandboxes die with their parent)
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                assert str(work).encode() not in f.read()
        except OSError:
            pass
    rerun = classroom.grade(course_dir, subs, out, "--workers", "2", "--no-feedback", env={"TMPDIR": str(work)})
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - len(before)} graded, {len(before)} unchanged" in rerun.stderr  # no recorded grade redone or lost
    after = classroom.rows(out)
    assert {k: v for k, v in after.items() if k in before} == before
    expected = {(f"s{i:02d}", "exercise3"): (classroom.FULL if i % 2 else classroom.FULL - points("mse"), "graded")
                for i in range(n)}
    assert after == expected


@pytest.mark.slow
def test_cli_dask_address(tmp_path, course_dir):
    """``nnlab grade --dask ADDRESS`` sends the submissions to an existing scheduler."""
    from distributed import LocalCluster

    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    classroom.add(subs, "dave", "exercise3.py", mutant("mse_half"))
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                      protocol="tcp://", host="127.0.0.1") as cluster:
        proc = classroom.grade(course_dir, subs, tmp_path / "out", "--dask", cluster.scheduler_address,
                               "--no-feedback")
    assert proc.returncode == 0, proc.stderr
    assert classroom.rows(tmp_path / "out") == {("alice", "exercise3"): (classroom.FULL, "graded"),
                                                ("dave", "exercise3"): (classroom.FULL - points("mse"), "graded")}
