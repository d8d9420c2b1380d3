"""An infinite loop costs its own task and one test_seconds, in `nnlab check` and `nnlab grade`;
Ctrl-C names the running test and is not kept as the last check; a TTY names a slow test."""

from __future__ import annotations

import io
import json
import os
import pty
import signal
import subprocess
import time

from graders.runner.progress import StatusLine
from tests.graders import classroom

LOOP = "\n\ndef {name}(*args, **kwargs):\n    while True:\n        pass\n"
TEST_SECONDS = 2


def looping(*names: str) -> str:
    """The reference solution with ``names`` replaced by infinite loops."""
    return classroom.SOLUTION + "".join(LOOP.format(name=n) for n in names)


def short_course(tmp_path, submission_seconds: float = 3) -> str:
    # A budget (3 s) too small for two timeouts: a timed-out test must not be charged to it.
    return classroom.make_course(tmp_path / "course", test_seconds=TEST_SECONDS, submission_seconds=submission_seconds)


def check_json(course_dir: str, path: str) -> tuple[dict, float]:
    start = time.monotonic()
    proc = subprocess.run([classroom.NNLAB, "check", "exercise3", "--file", path, "--json"], cwd=course_dir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout), time.monotonic() - start


def test_a_loop_in_softmax_costs_exactly_softmax_and_one_test_seconds_in_check(tmp_path):
    path = tmp_path / "loop.py"
    path.write_text(looping("softmax"))
    data, seconds = check_json(short_course(tmp_path), str(path))
    scores = {t["name"]: t["score"] for t in data["tasks"]}
    assert scores.pop("softmax") == 0 and data["score"] == classroom.FULL - 2
    assert all(t["score"] == t["max_score"] for t in data["tasks"] if t["name"] != "softmax")
    kinds = [t["kind"] for t in data["tasks"][0]["tests"]]
    assert kinds.count("timeout") == 1 and kinds.count("not_run") == len(kinds) - 1
    assert all(t["hint"] == "" for t in data["tasks"][0]["tests"] if t["kind"] == "not_run")
    # 6 softmax tests looping one after another would take 12 s; one timeout takes one test_seconds
    assert TEST_SECONDS <= seconds < 2.5 * TEST_SECONDS, seconds


def test_two_looping_tasks_in_class_grading_cost_only_their_own_points(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    classroom.add(subs, "alice", "exercise3.py", looping("softmax", "mse"))
    proc = classroom.grade(short_course(tmp_path), subs, out, "--no-feedback")
    assert proc.returncode == 0, proc.stderr
    scores = classroom.task_scores(out, "alice")
    assert scores.pop("softmax") == 0 and scores.pop("mse") == 0
    assert sum(scores.values()) == classroom.FULL - 3  # every other task kept its points (softmax 2, mse 1)
    messages = [m for _, _, m, _ in classroom.messages(out, "alice", "mse")]
    assert "did not return within" in messages[0] and all(m.startswith("not run") for m in messages[1:])


def _student_course(tmp_path, source: str) -> tuple[str, str]:
    course_dir = short_course(tmp_path, submission_seconds=60)
    student = os.path.join(course_dir, "exercises", "exercise3", "exercise3.py")
    os.makedirs(os.path.dirname(student))
    with open(student, "w") as f:
        f.write(source)
    return course_dir, student


def _last_check(course_dir: str) -> dict | None:
    proc = subprocess.run([classroom.NNLAB, "list", "--json"], cwd=course_dir, capture_output=True, text=True,
                          timeout=60)
    return {row["exercise"]: row for row in json.loads(proc.stdout)}["exercise3"]["last"]


def test_ctrl_c_names_the_running_test_and_is_not_the_last_check(tmp_path):
    course_dir, student = _student_course(tmp_path, classroom.SOLUTION)
    done = subprocess.run([classroom.NNLAB, "check", "exercise3"], cwd=course_dir, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    before = _last_check(course_dir)
    assert before["score"] == classroom.FULL
    started = tmp_path / "started"
    with open(student, "a") as f:  # mse hangs (a sleep the 2 s limit never reaches: Ctrl-C comes first)
        f.write(f"\n\ndef mse(y, y_hat):\n    import time\n    open({str(started)!r}, 'w').close()\n"
                "    time.sleep(60)\n")
    proc = subprocess.Popen([classroom.NNLAB, "check", "exercise3"], cwd=course_dir, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "Traceback" not in err
    assert "interrupted while mse/" in out, out
    assert "not run" in out  # mae never ran (it comes after mse)
    assert _last_check(course_dir) == before  # the partial score is not kept


def test_the_status_line_names_a_slow_test_on_a_tty_only(tmp_path):
    course_dir, _ = _student_course(tmp_path, looping("mae"))
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([classroom.NNLAB, "check", "exercise3"], cwd=course_dir, stdout=subprocess.PIPE,
                              stderr=slave, timeout=120)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 1
    text = seen.decode()
    assert "running mae/" in text and text.endswith("\r\x1b[2K"), text[-200:]  # shown, then cleared
    piped = subprocess.run([classroom.NNLAB, "check", "exercise3"], cwd=course_dir, capture_output=True, text=True,
                           timeout=120)
    assert "running" not in piped.stderr


def test_status_line_waits_a_second_then_rewrites_and_clears_its_line():
    out = io.StringIO()
    line = StatusLine(out)
    line("softmax/huge logits", 0.5)
    assert out.getvalue() == ""
    line("softmax/huge logits", 1.2)
    line("softmax/huge logits", 1.9)  # same text: nothing new written
    line("softmax/huge logits", 2.0)
    line("", 0.0)
    assert out.getvalue() == ("\r\x1b[2Krunning softmax/huge logits (1 s)..."
                              "\r\x1b[2Krunning softmax/huge logits (2 s)...\r\x1b[2K")
