"""Start the grading child before the parent has even imported NumPy.

A cold ``nnlab check`` pays for two interpreters each importing NumPy. Started first, the child
does its import while the parent loads the course and the fixtures; then the job path goes
down its stdin, which the child closes before any student code runs. This module imports no
NumPy itself, so it can run first thing.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner")
CHILD_FILES = ("child.py", "callables.py")


def child_env(workdir: str) -> dict:
    """A scrubbed environment: nothing of the parent's but BLAS/device correctness settings."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": os.path.join(workdir, "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "MPLBACKEND": "Agg",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "NNLAB_DEVICE"):
        if key in os.environ:  # this machine's BLAS correctness settings / the device choice
            env[key] = os.environ[key]
    return env


def work_root() -> str | None:
    """Where work dirs go: $NNLAB_WORKDIR, else /dev/shm when it is writable and has room (memory:
    several times faster than a disk for the many small files of a run), else the system's
    temporary directory ($TMPDIR)."""
    root = os.environ.get("NNLAB_WORKDIR")
    if root:
        return root
    try:
        room = os.statvfs("/dev/shm")
        if os.access("/dev/shm", os.W_OK | os.X_OK) and room.f_bavail * room.f_frsize > 2**30:
            return "/dev/shm"
    except OSError:
        pass
    return None


STALE_SECONDS = 600  # a dead process's dir is left this long (its owner may live in another PID namespace)
_swept: set = set()


def private_dir(kind: str = "") -> str:
    """A new mode-700 temporary dir named ``nnlab-<pid>-<kind>...``. A process killed outright
    (SIGKILL) cannot remove its dirs; the name lets the next run sweep them."""
    root = work_root()
    if root not in _swept:
        _swept.add(root)
        sweep_stale(root or tempfile.gettempdir())
    path = tempfile.mkdtemp(prefix=f"nnlab-{os.getpid()}-{kind}", dir=root)
    os.chmod(path, 0o700)
    return path


def sweep_stale(root: str) -> list:
    """Remove ``nnlab-<pid>-*`` dirs in ``root`` whose process is gone, after STALE_SECONDS."""
    removed = []
    try:
        names = os.listdir(root)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        if not owner_gone(name):
            continue
        path = os.path.join(root, name)
        try:
            if now - os.lstat(path).st_mtime < STALE_SECONDS:
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def owner_gone(name: str) -> bool:
    """Whether ``name`` is ``nnlab-<pid>-...`` (a work dir or a cgroup) of a process that no longer exists."""
    parts = name.split("-")
    return parts[0] == "nnlab" and len(parts) >= 3 and parts[1].isdigit() and not os.path.exists(f"/proc/{parts[1]}")


def new_workdir() -> str:
    """A private work dir holding the child's interpreter files."""
    workdir = private_dir()
    for name in CHILD_FILES:
        shutil.copy(os.path.join(HERE, name), workdir)
    return workdir


def spawn(cmd: list, workdir: str, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    """Start a child in its own session, stdout/stderr appended to files in the work dir."""
    with open(os.path.join(workdir, "stdout.txt"), "ab") as so, open(os.path.join(workdir, "stderr.txt"), "ab") as se:
        return subprocess.Popen(cmd, cwd=workdir, env=child_env(workdir), stdin=stdin, stdout=so, stderr=se,
                                start_new_session=True, close_fds=True)


class WarmChild:
    """A child already running ``child.py --wait`` in its own work dir."""

    def __init__(self) -> None:
        self.workdir = new_workdir()
        self.proc = spawn([sys.executable, "-I", os.path.join(self.workdir, "child.py"), "--wait"], self.workdir,
                          stdin=subprocess.PIPE)

    def send(self, job_path: str) -> subprocess.Popen:
        """Hand the child its job; returns the process, now running it."""
        try:
            self.proc.stdin.write(job_path.encode() + b"\n")
            self.proc.stdin.close()
        except BrokenPipeError:
            pass  # it died while waiting: the runner reports the exit like any other
        return self.proc

    def discard(self) -> None:
        """Not needed after all (e.g. a course error): stop it and remove its work dir."""
        try:
            self.proc.kill()
            self.proc.wait()
        except OSError:
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)


def early_child(argv: list) -> WarmChild | None:
    """A warm child for ``nnlab check``, started first thing; discarded at exit if never used."""
    if len(argv) < 2 or argv[1] != "check" or "-h" in argv or "--help" in argv:
        return None
    child = WarmChild()
    atexit.register(child.discard)
    return child
