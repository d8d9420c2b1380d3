"""Start the grading child before the parent has even imported NumPy.

A cold ``nnlab check`` pays for two interpreters each importing NumPy. Started first, the child
does its import while the parent loads the course and the fixtures; then the job path goes
down its stdin, which the child closes before any student code runs. This module imports no
NumPy itself, so it can run first thing.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner")
CHILD_FILES = ("child.py", "callables.py")


GPU_MEMORY_MB = 2048  # per-process GPU memory cap when several workers share a GPU ($NNLAB_GPU_MEMORY_MB)


def child_env(workdir: str, workers: int = 1) -> dict:
    """A scrubbed environment: nothing of the parent's but BLAS/device correctness settings.

    TensorFlow grabs all GPU memory at start unless told to grow: every child gets growth, and
    with several workers on one machine each also gets a cap (applied by the child when TF loads),
    so parallel grading of a TF exercise cannot starve the others of GPU memory.
    """
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
        "TF_FORCE_GPU_ALLOW_GROWTH": "true",
    }
    if workers > 1:
        env["NNLAB_GPU_MEMORY_MB"] = os.environ.get("NNLAB_GPU_MEMORY_MB", str(GPU_MEMORY_MB))
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
        remove_tree(path)
        removed.append(path)
    return removed


def remove_tree(path: str) -> bool:
    """Remove ``path`` and everything under it; never raises, never recurses (True if it is gone).

    A child can leave any tree: 3000 nested dirs overflow ``shutil.rmtree``'s recursion and
    paths longer than PATH_MAX. Here every subdirectory is lifted into the top dir (rename
    relative to dir fds, so no long path is ever formed) and emptied there, two fds at a time.
    """
    try:
        top = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.unlink(path)  # a file or a symlink (never followed)
            return True
        except OSError:
            return False
    lifted = 0
    try:
        _own(top)
        for _ in range(3):  # a second listing catches what a still-running writer added
            work = _names(top)
            while work:
                name = work.pop()
                if _unlink(name, top):
                    continue
                try:
                    sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=top)
                except OSError:
                    continue
                try:
                    _own(sub)
                    for inner in _names(sub):
                        if _unlink(inner, sub):
                            continue
                        lifted += 1
                        try:
                            os.rename(inner, f".nnlab-rm-{lifted}", src_dir_fd=sub, dst_dir_fd=top)
                            work.append(f".nnlab-rm-{lifted}")
                        except OSError:
                            pass
                finally:
                    os.close(sub)
                try:
                    os.rmdir(name, dir_fd=top)
                except OSError:
                    pass
            if not _names(top):
                break
    except Exception:  # noqa: BLE001 - a cleanup must never raise
        pass
    finally:
        os.close(top)
    try:
        os.rmdir(path)
        return True
    except OSError:
        return not os.path.lexists(path)


def _own(fd: int) -> None:
    try:
        os.fchmod(fd, 0o700)  # a child may have made a dir unreadable or unwritable
    except OSError:
        pass


def _names(fd: int) -> list:
    try:
        return os.listdir(fd)
    except OSError:
        return []


def _unlink(name: str, dir_fd: int) -> bool:
    """Unlink a non-directory; False for a directory (or what cannot be removed)."""
    try:
        os.unlink(name, dir_fd=dir_fd)
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


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


class Channel:
    """The two pipes between the parent and one child: jobs and tests go down ``to_child``,
    events (the sandbox confirmation, "ready for the next test") come up ``from_child``.

    The child's ends get fd numbers >= 10 so no wrapper's own fds (bwrap's --info-fd 3) clash.
    """

    def __init__(self) -> None:
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        self.child_fds = []
        for fd in (down_r, up_w):
            self.child_fds.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
            os.close(fd)
        self.to_child, self.from_child = down_w, up_r
        for fd in (self.to_child, self.from_child):
            os.set_blocking(fd, False)
            fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)

    def arg(self) -> str:
        return f"{self.child_fds[0]},{self.child_fds[1]}"

    def close_child_ends(self) -> None:
        for fd in self.child_fds:
            _close(fd)
        self.child_fds = []

    def close(self) -> None:
        self.close_child_ends()
        for fd in (self.to_child, self.from_child):
            _close(fd)
        self.to_child = self.from_child = -1


def _close(fd: int) -> None:
    try:
        if fd >= 0:
            os.close(fd)
    except OSError:
        pass


def spawn(cmd: list, workdir: str, channel: Channel | None = None, env: dict | None = None) -> subprocess.Popen:
    """Start a child in its own session, stdout/stderr appended to files in the work dir, stdin
    empty, and only the channel's child ends as extra fds."""
    with open(os.path.join(workdir, "stdout.txt"), "ab") as so, open(os.path.join(workdir, "stderr.txt"), "ab") as se:
        proc = subprocess.Popen(cmd, cwd=workdir, env={**child_env(workdir), **(env or {})}, stdin=subprocess.DEVNULL,
                                stdout=so, stderr=se, start_new_session=True, close_fds=True,
                                pass_fds=tuple(channel.child_fds) if channel else ())
    if channel is not None:
        channel.close_child_ends()
    return proc


def child_command(workdir: str, channel: Channel, warm: bool = False, tensorflow: bool = False) -> list:
    flags = (["--warm"] if warm else []) + (["--warm-tf"] if tensorflow else [])
    return [sys.executable, "-I", os.path.join(workdir, "child.py"), "--fds", channel.arg(), *flags]


class WarmChild:
    """A child already running ``child.py --warm`` in its own work dir (NumPy imported, waiting
    for its job on the channel). ``tensorflow``: TensorFlow imported too (``check --watch`` of a
    TF exercise starts the next check's child while the student edits: TF's 7 s are paid then)."""

    def __init__(self, tensorflow: bool = False) -> None:
        self.workdir = new_workdir()
        self.channel = Channel()
        self.proc = spawn(child_command(self.workdir, self.channel, warm=True, tensorflow=tensorflow), self.workdir,
                          self.channel)

    def discard(self) -> None:
        """Not needed after all (e.g. a course error): stop it and remove its work dir."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait()
        except OSError:
            pass
        self.channel.close()
        remove_tree(self.workdir)


# --------------------------------------------------------------------------- the student path's leftovers

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make this process the reaper of every orphan below it (Linux): a student's ``setsid``
    double-fork daemon then stays our descendant, and ``kill_orphans`` can find it."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children() -> set:
    """The pids whose parent is this process now."""
    me = os.getpid()
    return {pid for pid, ppid in _parents().items() if ppid == me}


def kill_orphans(keep: set) -> int:
    """SIGKILL what a student's code left below this process: every child not in ``keep`` (the
    children this process had before the run, and other threads' running children) that is in
    another session than ours (a student's processes never share this process's session), with
    all of its descendants; our own are reaped. Repeated until none is found. Returns the count."""
    me, session, killed = os.getpid(), os.getsid(0), 0
    for _ in range(50):
        parents = _parents()
        roots = [p for p, pp in parents.items() if pp == me and p not in keep and _session(p) != session]
        doomed, stack = [], list(roots)
        while stack:
            pid = stack.pop()
            doomed.append(pid)
            stack.extend(c for c, pp in parents.items() if pp == pid)
        if not doomed:
            break
        for pid in doomed:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        for pid in roots:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass
        time.sleep(0.002)
    return killed


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None


def _parents() -> dict:
    """{pid: ppid} of every process visible in /proc."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    out[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    return out


def early_child(argv: list) -> WarmChild | None:
    """A warm child for ``nnlab check``, started first thing; discarded at exit if never used."""
    if len(argv) < 2 or argv[1] != "check" or "-h" in argv or "--help" in argv:
        return None
    child = WarmChild()
    atexit.register(child.discard)
    return child
