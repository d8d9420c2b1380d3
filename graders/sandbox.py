"""The OS sandbox tier of class grading: bubblewrap around the runner's child.

``nnlab check`` runs the child with ``python -I``, rlimits and a private work dir. ``nnlab grade``
runs untrusted code from a whole class, so it adds a wall around the same child
(``runner.run(..., wrap=Sandbox(...))``):

* ``bwrap --unshare-all``: no network (an empty network namespace: even the host's loopback is
  unreachable), its own PID namespace (the parent's ``/proc`` is invisible, and everything the
  child started dies with it: ``--die-with-parent``), its own IPC/UTS/cgroup namespaces, a new
  session (no terminal injection), all capabilities dropped;
* a filesystem of read-only binds: ``/usr``, the Python installation and the site-packages
  directory holding NumPy, the latter with every editable-install hook (``*.pth``,
  ``__editable__*``, ``nnlab*.dist-info``) masked by ``/dev/null``; plus the submission's work dir,
  read-only except ``out/`` (results) and a small tmpfs as ``tmp/``. Nothing of the course,
  the reference solutions, the gradebook or other students exists inside;
* the child runs as ``python -I -S`` with an explicit ``sys.path`` (the standard library and that
  site-packages dir), so ``import reference`` / ``import graders`` find nothing;
* a process limit per sandbox: ``RLIMIT_NPROC`` inside the sandbox's own user namespace when
  grading as an ordinary user (the kernel counts processes per user *and namespace*, so one
  submission's leftovers never eat the next one's budget, and the outer limit is sized for the
  workers), or a ``pids`` cgroup per worker when grading as root (root ignores RLIMIT_NPROC).

The child verifies the wall from inside before any student code runs (``child._hardened``: no
interfaces but ``lo`` and loopback unreachable, PID 1 as parent, ``reference`` not importable,
course paths absent, the process limit in place) and reports it as the first line on its channel
to the runner, before the submission is loaded. A failed or missing report is ``SandboxError``:
an infrastructure error, never a grade. Nothing student code does (an exit status, an error
record, lines written later on the channel) can pass for that report.

Per submission, as root: a pids cgroup (per worker) and a memory cgroup (per run) hold all of its
processes, threads and tmpfs pages; the memory cgroup's peak is the submission's peak memory.
Every writable tmpfs inside is sized; /dev is read-only.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import json
import os
import shutil
import site
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from .prewarm import child_env, owner_gone

PROCESSES_PER_SANDBOX = 64  # threads count too: plenty for NumPy with one BLAS thread
PROCESSES_FOR_TENSORFLOW = 512
TMP_BYTES = 64 * 2**20
INFO_FILE = "bwrap-info.json"
MAX_OUTPUT_BYTES = 256 * 2**20  # everything the child may leave in out/ (results of all tests)
MAX_OUTPUT_FILES = 20000
MASKED = ("*.pth", "__editable__*", "nnlab-*.dist-info", "nnlab.egg-link", "_nnlab*")
CGROUP_ROOTS = ("/sys/fs/cgroup/pids", "/sys/fs/cgroup")
MEMORY_ROOTS = ("/sys/fs/cgroup/memory", "/sys/fs/cgroup")  # cgroup v1's memory hierarchy, or the v2 tree
MEMORY_PER_SANDBOX_MB = 4096  # resident memory of one submission, all its processes and tmpfs files together
DEV_SHM_BYTES = 16 * 2**20


class SandboxUnavailable(RuntimeError):
    """bubblewrap (or a process limit) cannot be set up on this machine."""


@dataclass
class Probe:
    """What this machine offers, found by running bwrap once."""

    bwrap: str | None = None
    version: str = ""
    works: bool = False
    process_limit: str = ""  # "rlimit" | "cgroup" | "" (none available)
    problem: str = ""
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.works and bool(self.process_limit)

    def describe(self) -> str:
        if self.ok:
            return f"bubblewrap {self.version} (no network, own PID namespace, process limit by {self.process_limit})"
        return self.problem or "bubblewrap sandbox unavailable"


_probe_cache: Probe | None = None
_probe_lock = threading.Lock()


def probe(refresh: bool = False) -> Probe:
    """Find bwrap and check it can build the sandbox here (cached per process)."""
    global _probe_cache
    with _probe_lock:
        if _probe_cache is not None and not refresh:
            return _probe_cache
        _probe_cache = _probe()
        return _probe_cache


def _probe() -> Probe:
    result = Probe(bwrap=shutil.which("bwrap"))
    if not result.bwrap:
        result.problem = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap (or scripts/system-deps.sh)"
        return result
    try:
        out = subprocess.run([result.bwrap, "--version"], capture_output=True, text=True, timeout=10)
        result.version = out.stdout.strip().split()[-1] if out.stdout.strip() else "?"
        check = subprocess.run(
            [result.bwrap, *_base_args(), "--", _python(), "-I", "-S", "-c",
             "import os, socket; print(os.getppid(), sorted(n for _, n in socket.if_nameindex()))"],
            capture_output=True, text=True, timeout=20, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        result.problem = f"bubblewrap could not run: {exc}"
        return result
    if check.returncode != 0:
        err = (check.stderr.strip().splitlines() or ["?"])[-1]
        result.problem = (f"bubblewrap cannot create its namespaces here ({err}); unprivileged user namespaces "
                          "may be disabled (sysctl kernel.unprivileged_userns_clone / AppArmor)")
        return result
    result.details["inside"] = check.stdout.strip()
    if check.stdout.split()[:1] != ["1"]:
        result.problem = f"bubblewrap did not give the child its own PID namespace ({check.stdout.strip()})"
        return result
    result.works = True
    if os.geteuid() != 0:
        result.process_limit = "rlimit"
    elif _cgroup_parent() is not None:
        result.process_limit = "cgroup"
    else:
        result.problem = ("grading as root, where RLIMIT_NPROC does not apply, and no writable pids cgroup: "
                          "run nnlab grade as an ordinary user")
    return result


# --------------------------------------------------------------------------- paths


def _python() -> str:
    """The real interpreter (not the venv's symlink, whose directory is not in the sandbox)."""
    return os.path.realpath(sys.executable)


def numpy_site() -> str:
    """The site-packages directory NumPy is installed in (found without importing NumPy)."""
    import importlib.util

    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.origin:
        raise SandboxUnavailable("NumPy is not installed")
    return os.path.dirname(os.path.dirname(os.path.realpath(spec.origin)))


def stdlib_paths() -> list:
    """The interpreter's own entries of sys.path (stdlib, lib-dynload), not site-packages."""
    base = os.path.realpath(sys.base_prefix)
    return [p for p in sys.path if p and os.path.realpath(p).startswith(base + os.sep)
            and "site-packages" not in p and "dist-packages" not in p]


def _ro_binds() -> list:
    """Read-only system paths: /usr (and /lib* when they are real dirs), the Python installation."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("lib", "lib64", "lib32", "bin", "sbin"):
        path = "/" + name
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in ("/etc/ld.so.cache", "/etc/localtime"):
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    prefix = os.path.realpath(sys.base_prefix)
    if not prefix.startswith("/usr/") and prefix != "/usr":
        args += ["--ro-bind", prefix, prefix]
    return args


def _base_args() -> list:
    # Every writable tmpfs has a size (unsized, each would be half the host's memory); bwrap cannot
    # size the /dev it makes, so /dev is read-only (its device nodes stay usable).
    return ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            *_ro_binds(), "--proc", "/proc", "--dev", "/dev", "--size", str(DEV_SHM_BYTES), "--tmpfs", "/dev/shm",
            "--remount-ro", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]


def _site_args(site_dir: str) -> list:
    """site-packages read-only, with the editable install's hooks masked."""
    args = ["--ro-bind", site_dir, site_dir]
    for path in sorted({p for pattern in MASKED for p in glob.glob(os.path.join(site_dir, pattern))}):
        if os.path.isdir(path):
            args += ["--tmpfs", path, "--remount-ro", path]
        else:
            args += ["--ro-bind", "/dev/null", path]
    return args


def _mask_args(site_dir: str, modules) -> list:
    """An empty read-only dir over each forbidden package found in ``site_dir`` (found without importing)."""
    import importlib.machinery

    args = []
    for name in sorted(set(modules)):
        top, *rest = name.split(".")
        spec = importlib.machinery.PathFinder.find_spec(top, [site_dir])
        if spec is None or not spec.submodule_search_locations:
            continue
        path = os.path.join(spec.submodule_search_locations[0], *rest)
        real = os.path.realpath(path)
        if os.path.isdir(real) and real.startswith(os.path.realpath(site_dir) + os.sep):
            args += ["--tmpfs", real, "--remount-ro", real]
    return args


# --------------------------------------------------------------------------- process limit (root)


def _cgroup_parent() -> str | None:
    """A writable pids-cgroup directory (v1 ``pids`` hierarchy or a v2 tree with pids), or None."""
    for root in CGROUP_ROOTS:
        if not os.path.isfile(os.path.join(root, "cgroup.procs")):
            continue
        if root == "/sys/fs/cgroup" and "pids" not in _read(os.path.join(root, "cgroup.controllers")).split():
            continue
        probe_dir = os.path.join(root, f"nnlab-probe-{os.getpid()}-{threading.get_ident()}")
        try:
            os.mkdir(probe_dir)
            ok = os.path.exists(os.path.join(probe_dir, "pids.max"))
            os.rmdir(probe_dir)
        except OSError:
            continue
        if ok:
            return root
    return None


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


_cgroups: list = []
_serial = itertools.count()  # two sandboxes in one thread never share a cgroup


class _Cgroup:
    """One pids cgroup per worker thread, emptied (SIGKILL) before each use and removed at exit."""

    def __init__(self, root: str, limit: int) -> None:
        self._events_base = 0
        self.path = os.path.join(root, f"nnlab-{os.getpid()}-{threading.get_ident()}-{next(_serial)}")
        os.makedirs(self.path, exist_ok=True)
        with open(os.path.join(self.path, "pids.max"), "w") as f:
            f.write(str(limit))
        if not _cgroups:
            atexit.register(_remove_all)
        _cgroups.append(self)

    def set_limit(self, limit: int) -> None:
        with open(os.path.join(self.path, "pids.max"), "w") as f:
            f.write(str(limit))

    def procs_file(self) -> str:
        return os.path.join(self.path, "cgroup.procs")

    def reset_events(self) -> None:
        self._events_base = 0
        self._events_base = self.max_events()

    def max_events(self) -> int:
        """How often a fork failed at pids.max since the last sweep."""
        for line in _read(os.path.join(self.path, "pids.events")).splitlines():
            key, _, value = line.partition(" ")
            if key == "max" and value.strip().isdigit():
                return int(value) - self._events_base
        return 0

    def sweep(self) -> int:
        """Kill whatever is left in the cgroup; returns how many processes were found."""
        found = 0
        for _ in range(50):
            pids = [int(p) for p in _read(self.procs_file()).split()]
            if not pids:
                return found
            found = max(found, len(pids))
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            time.sleep(0.01)
        return found

    def remove(self) -> None:
        self.sweep()
        self.try_remove()

    def try_remove(self) -> bool:
        """Remove the (emptied) cgroup; False while killed processes are still charged to it."""
        try:
            os.rmdir(self.path)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return True


def _remove_all() -> None:
    while _cgroups:
        _cgroups.pop().remove()


def remove_stale_cgroups() -> None:
    """Remove leftovers of dead grading processes (named nnlab-<pid>-<thread>)."""
    for root in dict.fromkeys(CGROUP_ROOTS + MEMORY_ROOTS):
        for path in glob.glob(os.path.join(root, "nnlab-*")):
            if owner_gone(os.path.basename(path)):
                try:
                    for p in _read(os.path.join(path, "cgroup.procs")).split():
                        os.kill(int(p), 9)
                    os.rmdir(path)
                except OSError:
                    pass


def _memory_parent() -> tuple[str, str] | None:
    """(root, "v1" | "v2") of a writable memory cgroup tree, or None."""
    for root in MEMORY_ROOTS:
        version = "v1" if root.endswith("/memory") else "v2"
        if version == "v2" and "memory" not in _read(os.path.join(root, "cgroup.subtree_control")).split():
            continue
        probe_dir = os.path.join(root, f"nnlab-probe-{os.getpid()}-{threading.get_ident()}")
        try:
            os.mkdir(probe_dir)
            ok = os.path.exists(os.path.join(probe_dir, "memory.limit_in_bytes" if version == "v1" else "memory.max"))
            os.rmdir(probe_dir)
        except OSError:
            continue
        if ok:
            return root, version
    return None


class _MemoryCgroup:
    """One submission's memory cgroup: every process it starts and every tmpfs page it writes
    count against one limit (RLIMIT_AS counts per process: 3 x 1.6 GB got through it)."""

    def __init__(self, root: str, version: str, limit_bytes: int) -> None:
        self.version = version
        self.path = os.path.join(root, f"nnlab-{os.getpid()}-{threading.get_ident()}-mem{next(_serial)}")
        os.makedirs(self.path, exist_ok=True)
        if version == "v1":
            self._write("memory.limit_in_bytes", limit_bytes)
            self._write("memory.memsw.limit_in_bytes", limit_bytes)  # no swapping past it (where accounted)
            self._write("memory.max_usage_in_bytes", 0)
        else:
            self._write("memory.max", limit_bytes)
            self._write("memory.swap.max", 0)
        self.limit_bytes = limit_bytes
        self._oom_before = self.oom_kills()
        if not _cgroups:
            atexit.register(_remove_all)
        _cgroups.append(self)  # removed at exit if the sandbox is never closed (a pool worker's)

    def _write(self, name: str, value: int) -> None:
        try:
            with open(os.path.join(self.path, name), "w") as f:
                f.write(str(value))
        except OSError:
            pass

    def procs_file(self) -> str:
        return os.path.join(self.path, "cgroup.procs")

    def peak_mb(self) -> float | None:
        name = "memory.max_usage_in_bytes" if self.version == "v1" else "memory.peak"
        text = _read(os.path.join(self.path, name)).strip()
        return int(text) / 2**20 if text.isdigit() else None

    def oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == "v1" else "memory.events"
        for line in _read(os.path.join(self.path, name)).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and value.strip().isdigit():
                return int(value)
        return 0

    def hit(self) -> bool:
        return self.oom_kills() > self._oom_before

    def remove(self) -> None:
        for _ in range(100):
            pids = [int(p) for p in _read(self.procs_file()).split()]
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.01)


# --------------------------------------------------------------------------- the wrap


class Sandbox:
    """``runner.run(..., wrap=Sandbox(...))``: turn the child's command into a bwrap'ed one.

    ``hide``: paths that must not exist inside (checked by the child before student code runs).
    ``workers``: how many sandboxes run at once (sizes the outer process limit).
    """

    masks_modules = True  # the runner passes the target's forbidden imports to __call__

    def __init__(self, hide: tuple = (), workers: int = 1, processes: int = PROCESSES_PER_SANDBOX) -> None:
        found = probe()
        if not found.ok:
            raise SandboxUnavailable(found.describe())
        self.probe = found
        self.processes = processes
        self.workers = max(1, workers)
        self.site_dir = numpy_site()
        self.python = _python()
        self.hide = [os.path.realpath(p) for p in hide if p]
        self.max_output_bytes = MAX_OUTPUT_BYTES
        self._local = threading.local()
        self._user_processes = _user_processes() if found.process_limit == "rlimit" else 0
        self.memory = _memory_parent() if os.geteuid() == 0 else None
        self.memory_mb = MEMORY_PER_SANDBOX_MB
        self.env = {"NNLAB_GPU_MEMORY_MB": child_env("", self.workers)["NNLAB_GPU_MEMORY_MB"]} if self.workers > 1 else {}
        # A listener on the host's loopback that the child must NOT reach (checked before student code).
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)
        self.job_fields = {
            "python_path": [self.site_dir],
            "hardening": {
                "no_network": True,
                "probe_port": self._listener.getsockname()[1],
                "pid_namespace": True,
                "must_not_exist": self.hide,
                "must_not_import": ["reference", "graders"],
                "max_processes": processes if found.process_limit == "rlimit" else None,
            },
        }

    @property
    def tier(self) -> str:
        return f"bwrap {self.probe.version} ({self.probe.process_limit})"

    def limits(self, limits, needs_tensorflow: bool = False):
        """The exercise's limits with this tier's process limit filled in (threads count as
        processes: TensorFlow's thread pools need more room than NumPy with one BLAS thread)."""
        import dataclasses

        self.processes = PROCESSES_FOR_TENSORFLOW if needs_tensorflow else PROCESSES_PER_SANDBOX
        self.memory_mb = min(int(limits.memory_mb or MEMORY_PER_SANDBOX_MB), MEMORY_PER_SANDBOX_MB)
        if self.probe.process_limit == "rlimit":
            self.job_fields["hardening"]["max_processes"] = self.processes
            return dataclasses.replace(limits, processes=self.processes)
        return limits

    def __call__(self, cmd: list, workdir: str, forbidden: tuple = ()) -> list:
        """``forbidden``: modules (course.yml forbidden_imports) whose files are masked inside, so no
        trick that gets past the child's import guard can load them."""
        workdir = os.path.realpath(workdir)
        out, tmp = os.path.join(workdir, "out"), os.path.join(workdir, "tmp")
        args = [self.probe.bwrap, *_base_args(), *_site_args(self.site_dir), *_mask_args(self.site_dir, forbidden),
                "--ro-bind", workdir, workdir, "--bind", out, out,
                "--size", str(TMP_BYTES), "--tmpfs", tmp,
                "--chdir", workdir, "--hostname", "nnlab", "--"]
        # cmd is [python, "-I", child.py, job.json]: run the real interpreter without site.
        inner = [self.python, "-I", "-S", *cmd[2:]]
        info = os.path.join(workdir, INFO_FILE)
        if os.path.lexists(info):
            os.unlink(info)
        args[1:1] = ["--info-fd", "3"]  # bwrap writes the sandbox's PID (on the host) to fd 3
        if self.probe.process_limit == "rlimit":
            # The outer limit counts every process of this user: room for the workers' sandboxes.
            outer = self._user_processes + self.processes * self.workers + 64
            limit = ["prlimit", f"--nproc={outer}", "--"] if shutil.which("prlimit") else []
            return ["/bin/sh", "-c", 'exec 3>"$0" && exec "$@"', info, *limit, *args, *inner]
        cgroup = self._new_pids_cgroup()
        memory = self._new_memory_cgroup()
        procs = memory.procs_file() if memory is not None else "/dev/null"
        return ["/bin/sh", "-c", 'echo $$ > "$0" && echo $$ > "$1" && exec 3>"$2" && shift 2 && exec "$@"',
                cgroup.procs_file(), procs, info, *args, *inner]

    def _new_memory_cgroup(self):
        """A fresh memory cgroup for this run (its peak and OOM count are this submission's alone)."""
        old = getattr(self._local, "memory", None)
        if old is not None:
            old.remove()
            if old in _cgroups:
                _cgroups.remove(old)
        self._local.memory = None
        if self.memory is not None:
            try:
                self._local.memory = _MemoryCgroup(*self.memory, self.memory_mb * 2**20)
            except OSError:
                self._local.memory = None
        return self._local.memory

    def peak_memory_mb(self) -> float | None:
        """The last run's peak memory (all its processes and tmpfs pages), from its memory cgroup."""
        memory = getattr(self._local, "memory", None)
        return memory.peak_mb() if memory is not None else None

    def limit_hit(self) -> str:
        """Which per-submission limit the last run hit, in words ("" if none is known)."""
        memory = getattr(self._local, "memory", None)
        if memory is not None and memory.hit():
            return f"stopped by the {self.memory_mb} MB memory limit of a submission (all its processes together)"
        if self.probe.process_limit == "cgroup" and self._cgroup().max_events() > 0:
            return f"stopped by the limit of {self.processes} processes and threads"
        return ""

    def guard(self, out_dir: str) -> str | None:
        """Polled by the runner while the child runs: out/ (the only writable place) stays small."""
        total, entries, stack = 0, 0, [out_dir]
        while stack:
            try:
                with os.scandir(stack.pop()) as it:
                    for entry in it:
                        entries += 1
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_size
                        if total > self.max_output_bytes:
                            return f"wrote more than {self.max_output_bytes >> 20} MB of files (the output size limit)"
                        if entries > MAX_OUTPUT_FILES:
                            return f"wrote more than {MAX_OUTPUT_FILES} files and folders (the output file count limit)"
            except OSError:
                continue
        return None

    def after(self, workdir: str) -> None:
        """Called by the runner once the child has ended or was killed: wait until the sandbox's
        PID namespace is gone (its init dies last, after the kernel killed everything in it), so
        nothing of this run can still write into the work dir when the next child starts."""
        pid = None
        try:
            with open(os.path.join(os.path.realpath(workdir), INFO_FILE)) as f:
                pid = int(json.loads(f.read() or "{}").get("child-pid", 0)) or None
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        deadline = time.monotonic() + 10
        while pid is not None and time.monotonic() < deadline:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                break
            if state in ("Z", "X"):
                break
            try:
                os.kill(pid, 9)
            except OSError:
                pass
            time.sleep(0.005)
        if self.probe.process_limit == "cgroup":
            self._cgroup().sweep()
        memory = getattr(self._local, "memory", None)
        if memory is not None:
            for pid in _read(memory.procs_file()).split():
                try:
                    os.kill(int(pid), 9)
                except (OSError, ValueError):
                    pass

    def _cgroup(self) -> _Cgroup:
        cgroup = getattr(self._local, "cgroup", None)
        if cgroup is None:
            cgroup = self._local.cgroup = _Cgroup(_cgroup_parent() or CGROUP_ROOTS[0], self.processes)
        return cgroup

    def _new_pids_cgroup(self) -> _Cgroup:
        """A fresh pids cgroup for this run: the killed processes of the previous submission stay
        charged to theirs until they are reaped (slowly, on a loaded machine), so sharing one made
        the next sandbox's very first fork fail (EAGAIN) and looked like a broken sandbox."""
        old = getattr(self._local, "cgroup", None)
        if old is not None:
            old.sweep()
            if old.try_remove() and old in _cgroups:
                _cgroups.remove(old)  # else it is removed at exit, or by a later run's stale sweep
        self._local.cgroup = None
        return self._cgroup()

    def close(self) -> None:
        self._listener.close()
        memory = getattr(self._local, "memory", None)
        if memory is not None:
            memory.remove()
            self._local.memory = None
        cgroup = getattr(self._local, "cgroup", None)
        if cgroup is not None:
            cgroup.remove()
            self._local.cgroup = None


def _user_processes() -> int:
    """How many processes (threads included) this user has now."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                pass
    return count


def site_packages() -> list:  # pragma: no cover - informational (nnlab doctor)
    return site.getsitepackages()
