"""Hostile submissions (security.md section 6) graded by the real ``nnlab grade`` in one batch.

Every file in ``subs/`` is one student's exercise3 submission: ``.py`` files are snippets
appended to the correct solution (so only the functions they redefine are hostile), ``.ipynb``
files are whole notebooks. The first lines say what must happen (``# expect: full`` |
``softmax=0`` (that task loses its points, every other task keeps them) | ``total=0``;
``# message: text`` a failing softmax test must say). Notebook expectations are in ``NOTEBOOKS``.
``@@PORT@@`` etc. are filled in by the fixture. Besides each outcome, the batch as a whole must
finish, record every student, leave no process running and write nothing outside its work dirs,
and the correct students graded around the hostile ones keep full marks.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time

import pytest

from tests.graders import classroom

HERE = os.path.dirname(os.path.abspath(__file__))
SUBS = os.path.join(HERE, "subs")
FILES = sorted(f for f in os.listdir(SUBS) if f.endswith((".py", ".ipynb")))
NOTEBOOKS = {
    "h30a_nb_syntax_error_cell": ("softmax=0", "syntax"),
    "h30b_nb_shell_magics": ("full", None),
    "h30c_nb_toplevel_loop": ("full", None),
    "h30d_nb_duplicated_cell": ("full", None),
    "h30e_nb_softmax_cell_to_markdown": ("softmax=0", "no function named"),
    "h30f_nb_showtraceback": ("softmax=0", None),
    "h30g_nb_malformed_json": ("total=0", "not a valid notebook"),
    "h30h_nb_50mb_output_blob": ("full", None),
    "h43a_nb_nested_json": ("total=0", "nested too deeply"),
    "h43b_nb_unary_chain": ("total=0", "memory limit"),
    "h43c_nb_5mb_of_code": ("total=0", "notebook code limit"),
}
# Notebooks that cost a parser gigabytes or minutes: parsed only in a limited child, never here.
HOSTILE_NOTEBOOKS = {
    "h43a_nb_nested_json": "[" * 100_000 + "]" * 100_000,
    "h43b_nb_unary_chain": json.dumps({"cells": [{"cell_type": "code", "source": "x = " + "-" * 300_000 + "1"}]}),
    "h43c_nb_5mb_of_code": json.dumps({"cells": [{"cell_type": "code", "source": "x=1\n" * 1_300_000}]}),
}
GENERATED = ["h27_shadowing_files_next_to_it", "h30h_nb_50mb_output_blob", *HOSTILE_NOTEBOOKS]
CANARIES = ["aa_canary_first", "zz_canary_last"]
DAEMON = "nnlab-hostile-daemon"


def expectation(student: str) -> tuple:
    if student in NOTEBOOKS:
        return NOTEBOOKS[student]
    if student in CANARIES or student == "h27_shadowing_files_next_to_it":
        return "full", None
    text = open(os.path.join(SUBS, student + ".py"), encoding="utf-8").read()
    expect = re.search(r"^# expect: (\S+)", text, re.M).group(1)
    message = re.search(r"^# message: (.+)$", text, re.M)
    return expect, message.group(1).strip() if message else None


class Listener:
    """A loopback TCP listener that records every connection it accepts (127.0.0.1 only)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, addr = self.sock.accept()
                self.connections.append(addr)
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    course = classroom.make_course(base / "course")
    subs, out, markers, work = base / "submissions", base / "out", base / "markers", base / "work"
    for d in (markers, work):
        d.mkdir()
    listener = Listener()
    other = classroom.add(subs, CANARIES[0], "exercise3.py", classroom.SOLUTION)
    classroom.add(subs, CANARIES[1], "exercise3.py", classroom.SOLUTION)
    fill = {"@@PORT@@": str(listener.port), "@@MARKER_DIR@@": str(markers), "@@OTHER@@": other,
            "@@REFERENCE@@": os.path.join(classroom.ROOT, "reference", "numpy", "losses.py"),
            "@@SECRET@@": classroom.SECRET}
    for name in FILES:
        text = open(os.path.join(SUBS, name), encoding="utf-8").read()
        for key, value in fill.items():
            text = text.replace(key, value)
        student, ext = os.path.splitext(name)
        if ext == ".py":
            text = classroom.SOLUTION + "\n\n" + text
        classroom.add(subs, student, "exercise3" + ext, text)
    # numpy.py / sitecustomize.py / nnlab.py next to the submission are never loaded
    shadow = "raise SystemExit('shadow module imported')\n"
    for extra in ("numpy.py", "sitecustomize.py", "nnlab.py", "usercustomize.py"):
        classroom.add(subs, GENERATED[0], extra, shadow)
    classroom.add(subs, GENERATED[0], "exercise3.py", classroom.SOLUTION)
    # a notebook carrying a 50 MB output blob
    blob = {"cell_type": "code", "id": "blob", "metadata": {}, "execution_count": 1, "source": "x = 1",
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "y" * (50 * 2**20)}]}
    nb = json.loads(classroom.notebook(classroom.SOLUTION))
    nb["cells"].append(blob)
    classroom.add(subs, GENERATED[1], "exercise3.ipynb", json.dumps(nb))
    for student, text in HOSTILE_NOTEBOOKS.items():
        classroom.add(subs, student, "exercise3.ipynb", text)

    started = time.monotonic()
    memory = TreeMemory()
    proc = classroom.grade(course, subs, out, "--workers", "2", env={"TMPDIR": str(work), "NNLAB_WORKDIR": str(work)}, sampler=memory)
    seconds = time.monotonic() - started
    time.sleep(0.3)
    listener.close()
    yield {"proc": proc, "out": str(out), "markers": str(markers), "work": str(work), "other": other,
           "connections": listener.connections, "seconds": seconds, "subs": str(subs), "peak_mb": memory.peak_mb}


HOST_MEMORY_MB = 3500  # the whole batch (nnlab grade, 2 workers, their sandboxes): 2 x 1 GB budgets + overhead


class TreeMemory:
    """Samples the resident memory of a process and all its descendants (every 50 ms)."""

    def __init__(self) -> None:
        self.peak_mb = 0.0

    def __call__(self, pid: int, running) -> None:
        while running():
            parents, rss = {}, {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        with open(f"/proc/{entry}/stat", "rb") as f:
                            parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
                        with open(f"/proc/{entry}/statm") as f:
                            rss[int(entry)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                    except (OSError, IndexError, ValueError):
                        pass
            tree, stack = set(), [pid]
            while stack:
                p = stack.pop()
                tree.add(p)
                stack.extend(c for c, pp in parents.items() if pp == p and c not in tree)
            self.peak_mb = max(self.peak_mb, sum(rss.get(p, 0) for p in tree) / 2**20)
            time.sleep(0.05)


STUDENTS = [os.path.splitext(f)[0] for f in FILES] + GENERATED + CANARIES


@pytest.mark.slow
@pytest.mark.parametrize("student", STUDENTS)
def test_outcome(batch, student):
    assert batch["proc"].returncode == 0, batch["proc"].stderr[-3000:]
    expect, message = expectation(student)
    tasks = classroom.task_scores(batch["out"], student)
    assert tasks, f"{student} was not recorded"
    points = {"exercise3": classroom.FULL}
    total = sum(tasks.values())
    if expect == "full":
        assert total == points["exercise3"], (student, tasks)
    elif expect == "total=0":
        assert total == 0, (student, tasks)
    else:
        task = expect.split("=")[0]
        assert tasks[task] == 0, (student, tasks)
        others = {t: s for t, s in tasks.items() if t != task}
        assert sum(others.values()) == points["exercise3"] - 2, (student, tasks)  # every other task intact
    if message:
        rows = classroom.messages(batch["out"], student, "softmax")
        failing = " | ".join(m for _, passed, m, _ in rows if not passed)
        if "not shown where hidden tests ran" not in failing:  # else the student's text is not shown: check path
            assert message.lower() in failing.lower(), (student, failing[:2000])


@pytest.mark.slow
def test_batch_as_a_whole(batch):
    proc = batch["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    recorded = classroom.rows(batch["out"])
    assert len(recorded) == len(STUDENTS)
    assert all(status == "graded" for _, status in recorded.values())
    # nothing of the sandboxed runs is left: no daemon, no process in the work dirs
    time.sleep(0.5)
    leftovers = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if DAEMON in cmd or batch["work"] in cmd:
                leftovers.append(cmd[:200])
    assert not leftovers
    assert os.listdir(batch["work"]) == [], "work dirs were not removed"
    # nothing written outside the work dirs
    assert os.listdir(batch["markers"]) == []
    assert not os.path.exists(batch["other"] + ".pwned")
    assert not os.path.exists("/tmp/nnlab-pwned")
    # the loopback listener never saw a connection
    assert batch["connections"] == []
    # within its limits: no submission took longer than the course's submission limit (plus start-up)
    import sqlite3

    db = sqlite3.connect(os.path.join(batch["out"], "gradebook.sqlite"))
    slowest = db.execute("SELECT MAX(seconds) FROM submissions").fetchone()[0]
    peaks = dict(db.execute("SELECT student, peak_memory_mb FROM submissions"))
    db.close()
    # each submission's peak memory is in the gradebook, within its cgroup's budget
    assert 5 < peaks["h01_correct"] < 1024 + 1 and 100 < peaks["h44_memory_across_processes"] < 1024 + 1
    assert slowest < classroom.LIMITS["submission_seconds"] + 15
    assert batch["seconds"] < 900
    # the host's memory: every submission has one budget for all its processes (memory cgroup)
    assert 100 < batch["peak_mb"] < HOST_MEMORY_MB


@pytest.mark.slow
@pytest.mark.parametrize("student", ["h33_echo_hidden_inputs", "h36_class_name_leak", "h37_parent_prefix_leak"])
def test_hidden_tests_never_echo_inputs_or_stdout(batch, student):
    rows = classroom.messages(batch["out"], student, "softmax")
    hidden = [m for _, passed, m, is_hidden in rows if is_hidden]
    public = [m for _, passed, m, is_hidden in rows if not is_hidden]
    assert hidden and public
    assert all("INPUT-ECHO" not in m and "INPUT_ECHO" not in m for m in hidden)
    # public tests run before any hidden input reaches the child: their text is the student's own
    # (here it echoes only public inputs) and is shown, as a student needs it
    assert any("INPUT-ECHO" in m or "INPUT_ECHO" in m for m in public) or student == "h36_class_name_leak"
    from graders.export import export
    from graders.feedback import write_feedback

    (page,) = write_feedback(batch["out"], students={student})
    html = open(page, encoding="utf-8").read()
    exported = json.loads(open(export(batch["out"], "json"), encoding="utf-8").read())
    assert "STDOUT-ECHO" not in html and "STDOUT-ECHO" not in json.dumps(exported)
    for task in exported[student]["exercise3"]["tasks"]:
        for test in task["tests"]:
            if test["hidden"]:
                assert "ECHO" not in json.dumps(test)
