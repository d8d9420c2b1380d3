"""The student path under attack: ``nnlab check --file`` on hostile submissions, one process each.

Each run must end with exit 0 or 1 (never 3: no crash of this process on what a child left),
give the attacker 0 for what it attacks, and leave nothing behind: no process (a ``setsid``
double-fork daemon included: ``nnlab check`` is a child subreaper and kills every descendant),
no work dir (nor the converted notebook's), and its memory stays bounded.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time

import pytest

from tests.graders import classroom
from tests.graders.hostile.test_hostile import DAEMON, HOSTILE_NOTEBOOKS, SUBS, expectation

# The attacks on this process (blocking reads, forged infrastructure codes, deep trees, forged
# results, hunting for other tests' inputs, forbidden imports) and the classic escapes.
PY_SUBS = ["h14_os_exit", "h20_setsid_daemon", "h36_forged_infra_exit", "h36b_forged_infra_exit_at_import",
           "h37_fifo_outputs", "h38_deep_dirs", "h39_forged_tree", "h40_patched_json_dump",
           "h41_hunts_hidden_inputs", "h42_scipy_softmax", "h42b_scipy_import_at_top",
           # and those whose message the class batch cannot show (hidden tests ran in the same child)
           "h02_eq_always_true", "h06_object_dtype", "h08_scalar", "h09_column_shape", "h13_print_pass_and_exit",
           "h15_forged_npy", "h21_memory_bomb", "h28_mutates_input", "h31_segfault", "h32_recursion",
           "h34_exit_at_import"]
HOST_MEMORY_MB = 600  # the check process's own peak RSS (it parses nothing of the student's)


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    base = tmp_path_factory.mktemp("check-path")
    course = classroom.make_course(base / "course")
    scratch = base / "scratch"
    scratch.mkdir()
    return {"course": course, "scratch": str(scratch), "base": base}


def check(place, student: str, name: str, text: str):
    path = place["base"] / student / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    env = {**os.environ, "NNLAB_WORKDIR": place["scratch"], "TMPDIR": place["scratch"]}
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([classroom.NNLAB, "check", "exercise3", "--file", str(path), "--json"],
                                cwd=place["course"], stdout=out, stderr=err, text=True, env=env)
        peak_kb = 0
        while proc.poll() is None:  # nnlab's own high-water mark (its children's memory is theirs)
            peak_kb = max(peak_kb, _hwm_kb(proc.pid))
            assert time.monotonic() - started < 300
            time.sleep(0.01)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read() + f"\nMAXRSS {peak_kb}", time.monotonic() - started


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def leftovers(place) -> list:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if DAEMON in cmd or place["scratch"] in cmd:
                found.append(cmd[:200])
    return found


def scores(out: str) -> dict:
    return {t["name"]: t["score"] for t in json.loads(out)["tasks"]}


def assert_expected(student: str, tasks: dict, expect: str) -> None:
    total = sum(tasks.values())
    if expect == "full":
        assert total == classroom.FULL, (student, tasks)
    elif expect == "total=0":
        assert total == 0, (student, tasks)
    else:
        task = expect.split("=")[0]
        assert tasks[task] == 0, (student, tasks)
        assert total == classroom.FULL - 2, (student, tasks)


@pytest.mark.slow
@pytest.mark.parametrize("student", PY_SUBS)
def test_check_survives_a_hostile_file(place, student):
    text = classroom.SOLUTION + "\n\n" + open(os.path.join(SUBS, student + ".py"), encoding="utf-8").read()
    code, out, err, seconds = check(place, student, "exercise3.py", text)
    assert code in (0, 1), err[-3000:]
    expect, message = expectation(student)
    assert_expected(student, scores(out), expect)
    if message:
        failing = " | ".join(t["message"] for task in json.loads(out)["tasks"] for t in task["tests"] if not t["passed"])
        assert message.lower() in failing.lower(), failing[:2000]
    assert seconds < classroom.LIMITS["submission_seconds"] + 20
    time.sleep(0.2)
    assert leftovers(place) == []
    assert os.listdir(place["scratch"]) == [], "work dirs were left behind"
    peak_kb = int(err.rsplit("MAXRSS ", 1)[1].split()[0])
    assert 10_000 < peak_kb < HOST_MEMORY_MB * 1024


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(HOSTILE_NOTEBOOKS) + ["honest"])
def test_check_of_a_notebook_is_parsed_under_limits_and_leaves_nothing(place, student):
    text = HOSTILE_NOTEBOOKS.get(student) or classroom.notebook(classroom.SOLUTION)
    code, out, err, seconds = check(place, student, "exercise3.ipynb", text)
    assert seconds < 40
    if student == "honest":
        assert code == 0 and sum(scores(out).values()) == classroom.FULL, err[-2000:]
    else:
        assert code == 2 and "Traceback" not in err, err[-2000:]  # a usage-style error naming the limit, not a crash
        assert expectation(student)[1] in err
    assert os.listdir(place["scratch"]) == [], "the converted notebook or a work dir was left behind"
    assert 10_000 < int(err.rsplit("MAXRSS ", 1)[1].split()[0]) < HOST_MEMORY_MB * 1024
