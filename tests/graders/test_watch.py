"""`nnlab check EXERCISE --watch`: a report per save, each in a fresh child; Ctrl-C ends it cleanly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

from tests.conftest import NNLAB, ROOT

STUB = os.path.join(ROOT, "exercises", "exercise3", "exercise3.py")
RIGHT = "from reference.numpy.losses import *  # noqa: F401,F403\n"
WRONG = RIGHT + "import numpy as np\n\n\ndef mse(y, y_hat):\n    return float(np.sum((np.asarray(y) - y_hat) ** 2))\n"


def _report(proc) -> dict:
    line = proc.stdout.readline()  # --watch --json: one JSON line per check
    assert line, proc.stderr.read()
    return json.loads(line)


def _save(path, text: str) -> None:
    """Save as an editor does: write a new file and rename it over the old one."""
    with open(str(path) + ".tmp", "w") as f:
        f.write(text)
    os.replace(str(path) + ".tmp", path)


def _ours(pid: int) -> list:
    """Processes still running in a work dir of ``pid`` (its children are named nnlab-<pid>-...)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if f"nnlab-{pid}-".encode() in f.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            pass
    return found


def test_watch_reports_each_save_then_ctrl_c_ends_it(tmp_path):
    path = tmp_path / "exercise3.py"
    shutil.copy(STUB, path)
    proc = subprocess.Popen([NNLAB, "check", "exercise3", "--file", str(path), "--watch", "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _report(proc)["score"] == 0  # the stub, checked at start
        time.sleep(0.5)  # let the watch begin (the next child is already starting)
        _save(path, WRONG)
        wrong = _report(proc)
        assert wrong["score"] == 13 and next(t for t in wrong["tasks"] if t["name"] == "mse")["score"] == 0
        time.sleep(0.5)
        _save(path, RIGHT)
        assert _report(proc)["score"] == 14
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert "stopped watching" in err
    deadline = time.monotonic() + 10
    while _ours(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(proc.pid) == []  # the child waiting for the next save is gone too


def test_watch_is_for_the_students_own_file():
    done = subprocess.run([NNLAB, "check", "exercise3", "--solution", "--watch"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "--watch checks your own file" in done.stderr


def test_a_tensorflow_exercise_keeps_a_child_with_tensorflow_imported():
    from graders.prewarm import child_command

    class Channel:
        def arg(self) -> str:
            return "10,11"

    assert child_command("/w", Channel(), warm=True, tensorflow=True)[-2:] == ["--warm", "--warm-tf"]
    assert "--warm-tf" not in child_command("/w", Channel(), warm=True)
