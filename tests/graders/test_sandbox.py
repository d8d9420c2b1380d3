"""The bubblewrap tier: what a sandboxed child can and cannot see or do, and failing closed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from graders import sandbox
from tests.graders import classroom

PROBE_SCRIPT = r"""
import json, os, socket, sys, errno
sys.path.extend(json.loads(sys.argv[1]))
report = {"ppid": os.getppid(), "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
          "interfaces": [n for _, n in socket.if_nameindex()], "root": sorted(os.listdir("/"))}
s = socket.socket()
s.settimeout(2)
try:
    s.connect(("127.0.0.1", int(sys.argv[2])))
    report["connect"] = "connected"
except OSError as exc:
    report["connect"] = errno.errorcode.get(exc.errno, str(exc.errno))
import importlib.util
report["find_reference"] = importlib.util.find_spec("reference") is not None
report["find_graders"] = importlib.util.find_spec("graders") is not None
import numpy
report["numpy"] = numpy.__version__
report["exists"] = {p: os.path.lexists(p) for p in json.loads(sys.argv[3])}
for name, path in (("write_cwd", "x.txt"), ("write_out", "out/x.txt")):
    try:
        open(path, "w").write("x")
        report[name] = "ok"
    except OSError as exc:
        report[name] = errno.errorcode.get(exc.errno, "?")
try:
    with open(os.path.join("tmp", "big"), "wb") as f:
        for _ in range(200):
            f.write(b"\0" * (1 << 20))
    report["tmp_200mb"] = "ok"
except OSError as exc:
    report["tmp_200mb"] = errno.errorcode.get(exc.errno, "?")
print(json.dumps(report))
"""


class Listener:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.done = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.done:
            try:
                conn, addr = self.sock.accept()
                self.seen.append(addr)
                conn.close()
            except OSError:
                pass

    def close(self):
        self.done = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def box():
    b = sandbox.Sandbox(hide=[os.path.join(classroom.ROOT, "reference"), os.path.join(classroom.ROOT, "course.yml")])
    yield b
    b.close()


def run_inside(box, script, *args, timeout=60):
    workdir = tempfile.mkdtemp(prefix="nnlab-test-")
    for sub in ("out", "tmp"):
        os.mkdir(os.path.join(workdir, sub))
    with open(os.path.join(workdir, "probe.py"), "w") as f:
        f.write(script)
    cmd = box([sys.executable, "-I", os.path.join(workdir, "probe.py"), *args], workdir)
    try:
        return subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout,
                              env={"PATH": "/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8"}), workdir
    finally:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


def test_probe_finds_a_working_bwrap():
    found = sandbox.probe()
    assert found.ok, found.describe()
    assert found.process_limit in ("rlimit", "cgroup")


def test_inside_the_sandbox(box, tmp_path):
    listener = Listener()
    other_student = classroom.add(str(tmp_path), "bob", "exercise3.py", classroom.SOLUTION)
    secret_paths = [os.path.join(classroom.ROOT, "reference"), os.path.join(classroom.ROOT, "course.yml"),
                    os.path.join(classroom.ROOT, "graders"), other_student, "/etc/passwd", "/etc/shadow",
                    os.path.expanduser("~/.bash_history")]
    try:
        proc, workdir = run_inside(box, PROBE_SCRIPT, json.dumps(box.job_fields["python_path"]), str(listener.port),
                                   json.dumps(secret_paths))
    finally:
        listener.close()
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ppid"] == 1 and max(report["pids"]) <= 3  # its own PID namespace: the parent is invisible
    assert report["interfaces"] == ["lo"]  # no network but its own loopback
    assert report["connect"] in ("ECONNREFUSED", "ENETUNREACH") and listener.seen == []
    assert report["find_reference"] is False and report["find_graders"] is False
    assert report["numpy"]
    assert not any(report["exists"].values()), report["exists"]
    assert report["write_cwd"] in ("EROFS", "EACCES") and report["write_out"] == "ok"
    assert report["tmp_200mb"] == "ENOSPC"  # tmp/ is a small tmpfs
    # The root holds the system dirs plus the first component of each bound path (the venv may live anywhere).
    bound = {os.path.realpath(p).split(os.sep)[1] for p in (box.site_dir, sys.base_prefix, workdir)}
    assert set(report["root"]) <= {"usr", "lib", "lib64", "lib32", "bin", "sbin", "etc", "proc", "dev", "tmp"} | bound


FORK_SCRIPT = r"""
import os, time
n = 0
try:
    for _ in range(1000):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError:
    pass
print(n, flush=True)
"""


def test_process_limit_bounds_a_fork_bomb_and_nothing_survives(box):
    proc, workdir = run_inside(box, FORK_SCRIPT)
    forked = int(proc.stdout.split()[0])
    assert 0 < forked < sandbox.PROCESSES_PER_SANDBOX
    # the sleeping children died with the sandbox
    left = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if workdir.encode() in f.read():
                    left.append(pid)
        except OSError:
            pass
    assert left == []


def test_hardening_failure_is_an_infrastructure_error_not_a_grade(tmp_path):
    """A sandbox whose own check fails (here: a path the child must not see is visible) stops grading."""
    from graders import course as course_module
    from graders import pipeline
    from graders.runner import SandboxError
    from graders.targets import student_target

    course_dir = classroom.make_course(tmp_path / "course")
    course = course_module.load(course_dir)
    visible = sandbox.numpy_site()  # bound read-only inside: it exists there
    bad = sandbox.Sandbox(hide=[visible])
    path = classroom.add(str(tmp_path), "s", "exercise3.py", classroom.SOLUTION)
    try:
        with pytest.raises(SandboxError):
            pipeline.grade(course, "exercise3", student_target(course, "exercise3", path), wrap=bad)
    finally:
        bad.close()


def test_grade_fails_closed_without_bwrap_unless_allow_insecure(tmp_path):
    course = classroom.make_course(tmp_path / "course")
    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    no_bwrap = {"PATH": str(tmp_path / "empty-path")}
    proc = classroom.grade(course, subs, tmp_path / "out", env=no_bwrap)
    assert proc.returncode == 2
    assert "infrastructure error" in proc.stderr and "bwrap" in proc.stderr
    assert not os.path.exists(tmp_path / "out" / "gradebook.sqlite") or classroom.rows(tmp_path / "out") == {}
    proc = classroom.grade(course, subs, tmp_path / "out", "--allow-insecure", "--no-feedback", env=no_bwrap)
    assert proc.returncode == 0, proc.stderr
    assert "WITHOUT the OS sandbox" in proc.stderr
    assert classroom.rows(tmp_path / "out") == {("alice", "exercise3"): (14.0, "graded")}


def test_hardening_failure_in_a_batch_stops_it_with_exit_2(tmp_path, monkeypatch):
    """The worker's child reports its sandbox is not in place; the batch stops with an infrastructure error and records nothing."""
    from graders import batch
    from graders import course as course_module

    course = course_module.load(classroom.make_course(tmp_path / "course"))
    subs = tmp_path / "subs"
    for s in ("alice", "bob"):
        classroom.add(subs, s, "exercise3.py", classroom.SOLUTION)
    monkeypatch.setenv(classroom.SECRET_ENV, classroom.SECRET)
    monkeypatch.setattr(batch, "hide_paths", lambda root, extra=(): [sandbox.numpy_site()])
    with pytest.raises(batch.InfrastructureError, match="hardening failed"):
        batch.run_batch(course, str(subs), str(tmp_path / "out"), workers=1, progress=False)
    assert classroom.rows(tmp_path / "out") == {}


TMPFS_SCRIPT = r"""
import errno, json
report = {}
for name, path in (("tmp", "/tmp/big"), ("dev_shm", "/dev/shm/big"), ("dev", "/dev/big")):
    try:
        with open(path, "wb") as f:
            for _ in range(200):
                f.write(b"\0" * (1 << 20))
        report[name] = "ok"
    except OSError as exc:
        report[name] = errno.errorcode.get(exc.errno, "?")
with open("/dev/null", "w") as f:
    f.write("device nodes still work")
print(json.dumps(report))
"""


def test_every_writable_tmpfs_inside_is_sized(box):
    """Unsized, bwrap's /tmp and /dev were 12 GB each here: a submission wrote 2.5 GB to each."""
    proc, _ = run_inside(box, TMPFS_SCRIPT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"tmp": "ENOSPC", "dev_shm": "ENOSPC", "dev": "EROFS"}


MEMORY_SUB = """
import os
import time
import numpy as np

def softmax(z):
    # three processes of 400 MB resident each: under RLIMIT_AS apiece, over one submission's budget
    kids = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            block = np.ones(400 * 2**20 // 8)
            time.sleep(1)
            os._exit(0)
        kids.append(pid)
    block = np.ones(400 * 2**20 // 8)
    time.sleep(1)
    ok = all(os.waitpid(pid, 0)[1] == 0 for pid in kids)
    if not ok:
        raise MemoryError("a child was killed")
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True) + 0 * block[0]
"""


@pytest.mark.skipif(sandbox._memory_parent() is None or os.geteuid() != 0, reason="no writable memory cgroup")
def test_one_memory_budget_for_all_of_a_submissions_processes_and_its_peak_is_recorded(tmp_path):
    import dataclasses

    import numpy as np

    from graders import runner
    from graders.spec import call, encode

    box = sandbox.Sandbox()
    try:
        limits = box.limits(dataclasses.replace(runner.Limits(), memory_mb=1024, test_seconds=30))
        path = classroom.add(str(tmp_path), "s", "sub.py", MEMORY_SUB)
        z = np.ones((2, 3))
        result = runner.run(runner.Target(files=[path]), [encode(call("softmax", z))], limits, wrap=box)
        assert not result.outcomes[0].ok, "1.2 GB across three processes fit in a 1 GB budget"
        assert 300 < result.peak_memory_mb <= 1024 + 1
        honest = classroom.add(str(tmp_path), "h", "sub.py", MEMORY_SUB.replace("400 * 2**20", "100 * 2**20"))
        result = runner.run(runner.Target(files=[honest]), [encode(call("softmax", z))], limits, wrap=box)
        assert result.outcomes[0].ok, result.outcomes[0].error
        assert 250 < result.peak_memory_mb < 1024  # three processes of 100 MB and NumPy, counted together
        cgroup = box._local.memory.path
    finally:
        box.close()
    assert not os.path.exists(cgroup)


def test_a_student_run_reports_its_peak_memory(write):
    from graders import runner
    from graders.spec import call, encode

    path = write("sub.py", "import numpy as np\ndef f(x):\n    return float(np.ones(200 * 2**20 // 8).sum())\n")
    ballast = b"x" * (1200 * 2**20)  # a big grading process: its size is not the child's (wait4's ru_maxrss was)
    result = runner.run(runner.Target(files=[path]), [encode(call("f", 1.0))], runner.Limits())
    del ballast
    assert result.outcomes[0].ok and 200 < result.peak_memory_mb < 1024


def test_limit_messages_name_the_limit_file_count_and_bytes_apart(tmp_path):
    box = sandbox.Sandbox()
    try:
        out = tmp_path / "out"
        out.mkdir()
        for i in range(sandbox.MAX_OUTPUT_FILES + 5):
            (out / str(i)).touch()
        assert "20000 files and folders (the output file count limit)" in box.guard(str(out))
        many = tmp_path / "big"
        many.mkdir()
        box.max_output_bytes = 2**20
        (many / "x").write_bytes(b"\0" * (2 * 2**20))
        assert "more than 1 MB of files (the output size limit)" in box.guard(str(many))
    finally:
        box.close()


def test_forbidden_packages_are_not_there_inside(box, tmp_path):
    """The child's import guard can be removed by student code; the files cannot be conjured."""
    script = ("import json, sys, importlib.util\nsys.path.extend(json.loads(sys.argv[1]))\n"
              "import importlib, scipy\n"
              "special = importlib.import_module('scipy.special')  # at most an empty namespace package\n"
              "print(hasattr(special, 'softmax'), importlib.util.find_spec('scipy.linalg') is not None)\n")
    pytest.importorskip("scipy")
    workdir = tempfile.mkdtemp(prefix="nnlab-test-")
    try:
        for sub in ("out", "tmp"):
            os.mkdir(os.path.join(workdir, sub))
        with open(os.path.join(workdir, "probe.py"), "w") as f:
            f.write(script)
        cmd = box([sys.executable, "-I", os.path.join(workdir, "probe.py"), json.dumps(box.job_fields["python_path"])],
                  workdir, forbidden=("scipy.special", "sklearn"))
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "HOME": workdir, "LANG": "C.UTF-8"})
    finally:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    assert proc.stdout.split() == ["False", "True"], proc.stderr[-2000:]


def test_with_several_workers_each_sandboxed_child_gets_tensorflow_growth_and_a_gpu_memory_cap(tmp_path, monkeypatch):
    """No GPU here: the environment the child receives is what TensorFlow would read."""
    import numpy as np

    from graders import prewarm, runner
    from graders.spec import call, encode

    monkeypatch.delenv("NNLAB_GPU_MEMORY_MB", raising=False)
    path = classroom.add(str(tmp_path), "s", "sub.py", "import os\nimport numpy as np\ndef f(x):\n"
                         "    return np.array([os.environ.get('TF_FORCE_GPU_ALLOW_GROWTH') == 'true',\n"
                         "                     float(os.environ.get('NNLAB_GPU_MEMORY_MB', '0'))])\n")
    for workers, cap in ((1, 0.0), (2, float(prewarm.GPU_MEMORY_MB))):
        box = sandbox.Sandbox(workers=workers)
        try:
            result = runner.run(runner.Target(files=[path]), [encode(call("f", 1.0))], box.limits(runner.Limits()),
                                wrap=box)
        finally:
            box.close()
        np.testing.assert_array_equal(result.outcomes[0].value, [1.0, cap])


@pytest.mark.skipif(os.geteuid() != 0 or sandbox._cgroup_parent() is None, reason="the pids cgroup is the root path")
def test_a_submissions_unreaped_processes_do_not_use_up_the_next_ones_process_limit(tmp_path):
    """Killed processes stay charged to their pids cgroup until they are reaped (slowly, under load):
    the next submission gets a cgroup of its own, so its sandbox can still fork (it failed with EAGAIN
    and stopped the class as an 'infrastructure error')."""
    import subprocess

    import numpy as np

    from graders import runner
    from graders.spec import call, encode

    box = sandbox.Sandbox()
    zombies = []
    try:
        path = classroom.add(str(tmp_path), "s", "exercise3.py", classroom.SOLUTION)
        z = np.ones((2, 3))
        first = runner.run(runner.Target(files=[path]), [encode(call("softmax", z))], runner.Limits(), wrap=box)
        assert first.outcomes[0].ok, first.outcomes[0].error
        used = box._local.cgroup
        for _ in range(box.processes):  # the previous run's leftovers: dead but not reaped yet
            zombies.append(subprocess.Popen(["/bin/sh", "-c", f'echo $$ > "{used.procs_file()}"; exit 0']))
        time.sleep(0.5)
        second = runner.run(runner.Target(files=[path]), [encode(call("softmax", z))], runner.Limits(), wrap=box)
        assert second.outcomes[0].ok, second.outcomes[0].error
        assert box._local.cgroup is not used
    finally:
        for proc in zombies:
            proc.wait()
        box.close()
