"""Stage 2 of grading: run the calls of each test in a fresh, limited child process.

The parent makes a private work dir, copies in the child's interpreter (child.py,
callables.py), the submission and the input arrays, and starts ``python -I child.py job.json``
with a scrubbed environment, stdin closed, one BLAS thread and rlimits. It watches the wall
clock per test and per submission, kills the whole process group on expiry, and reads back
only validated ``.npy`` data (``protocol.py``). When the child dies inside a test, that test
gets the reason and a new child runs the tests after it, so one crash costs one test.

An optional ``wrap`` (the OS sandbox tier of class grading) turns the command into a sandboxed
one; both tiers share everything else here.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..limits import Limits
from ..prewarm import WarmChild, new_workdir, spawn
from .child import RESERVED_EXIT_HARDENING

# NumPy and the output protocol are imported only where outputs are read, so a caller can send
# the job first and import NumPy while the child works (see ``while_waiting``).

OUTPUT_TAIL = 64 * 1024


class SandboxError(RuntimeError):
    """The sandbox could not be set up: an infrastructure error, never a grade."""


@dataclass
class Target:
    """What the child loads: student files (copied in) and/or importable modules (trusted)."""

    files: list = field(default_factory=list)
    modules: list = field(default_factory=list)
    sys_path: list = field(default_factory=list)


@dataclass
class Outcome:
    value: object = None  # tree of float64 arrays (dict / list / ndarray / None)
    error: dict | None = None  # {"kind", "message", "source"} when the test produced no value; source
    # "parent" marks words this process wrote; without it the message is the (untrusted) child's

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class RunResult:
    outcomes: list
    stdout: str = ""
    stderr: str = ""
    interrupted: bool = False
    seconds: float = 0.0
    file_names: dict = field(default_factory=dict)  # work-dir path -> what the student calls it


Wrap = Callable[[list, str], list]


def run(target: Target, programs: list, limits: Limits | None = None, wrap: Wrap | None = None,
        warm: WarmChild | None = None, while_waiting: Callable | None = None) -> RunResult:
    """Run ``programs`` (a list of ``(program, arrays)`` from ``spec.encode``) against ``target``.

    ``arrays`` maps keys to ndarrays, or to ``(dtype, shape, bytes)`` for callers without NumPy.
    ``warm``: a child started early (``prewarm``), used for the first attempt when not wrapped.
    ``while_waiting``: called once, right after the first child has its job (work to overlap).
    """
    limits = limits or Limits()
    if warm is not None and wrap is not None:
        warm.discard()
        warm = None
    workdir = warm.workdir if warm else new_workdir()
    started = time.monotonic()
    try:
        job, names = _prepare(workdir, target, programs, limits)
        outcomes: list = [None] * len(programs)
        result = RunResult(outcomes, file_names=names)
        pending = list(range(len(programs)))
        while pending:
            remaining = limits.submission_seconds - (time.monotonic() - started)
            if remaining <= 0:
                _fill(outcomes, pending, "timeout", f"the submission used up its {limits.submission_seconds:g} s time limit",
                      source="parent")
                break
            job["tests"] = [dict(programs[i][0], id=i) for i in pending]
            pending, interrupted = _one_child(workdir, job, pending, outcomes, limits, remaining, wrap, warm,
                                              while_waiting)
            warm = while_waiting = None
            if interrupted:
                _fill(outcomes, pending, "interrupted", "not run: grading was interrupted (Ctrl-C)", source="parent")
                result.interrupted = True
                break
        result.stdout = _tail(os.path.join(workdir, "stdout.txt"))
        result.stderr = _tail(os.path.join(workdir, "stderr.txt"))
        result.seconds = time.monotonic() - started
        for outcome in outcomes:
            if outcome.error:
                outcome.error["message"] = _rename(outcome.error.get("message", ""), names)
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _prepare(workdir: str, target: Target, programs: list, limits: Limits) -> tuple[dict, dict]:
    for sub in ("in", "out", "submission", "tmp"):
        os.mkdir(os.path.join(workdir, sub))
    names, files = {}, []
    for path in target.files:
        copy = os.path.join(workdir, "submission", os.path.basename(path))
        shutil.copy(path, copy)
        names[copy] = os.path.basename(path)
        files.append(copy)
    # All inputs in one raw file, laid out in the job: one read in the child instead of hundreds.
    layout, blob = pack({f"t{t}_{key}": array for t, (_, arrays) in enumerate(programs) for key, array in arrays.items()})
    with open(os.path.join(workdir, "in", "inputs.bin"), "wb") as f:
        f.write(blob)
    job = {
        "target": {"files": files, "modules": list(target.modules), "sys_path": list(target.sys_path)},
        "limits": limits.rlimits(),
        "inputs": layout,
    }
    return job, names


def pack(arrays: dict) -> tuple[dict, bytes]:
    """{name: ndarray, or (dtype, shape, bytes)} -> ({name: [dtype, shape, offset]}, one byte blob).

    The layout both the child's inputs and the fixture files use; NumPy is needed only for ndarrays.
    """
    layout, chunks, offset = {}, [], 0
    for name, array in arrays.items():
        if isinstance(array, tuple):
            dtype, shape, data = array
        else:
            import numpy as np

            array = np.array(array, order="C")  # (not ascontiguousarray: it turns 0-d into 1-d)
            dtype, shape, data = array.dtype.str, array.shape, array.tobytes()
        layout[name] = [dtype, list(shape), offset]
        chunks.append(data)
        offset += len(data)
    return layout, b"".join(chunks)


def _prefixed(program: dict, t: int) -> dict:
    """Point the program's array keys at this test's input files."""
    def fix(v):
        if isinstance(v, dict):
            if "array" in v:
                return {"array": f"t{t}_{v['array']}"}
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v

    return fix(program)


def _one_child(workdir, job, pending, outcomes, limits, remaining, wrap, warm=None, while_waiting=None):
    """Run one child over ``pending`` tests. Returns (tests still to run, interrupted?)."""
    out = os.path.join(workdir, "out")
    shutil.rmtree(out, ignore_errors=True)
    os.mkdir(out)
    job = dict(job, tests=[_prefixed(dict(t), t["id"]) for t in job["tests"]])
    job.update(getattr(wrap, "job_fields", None) or {})  # the sandbox tier's hardening expectations
    job_path = os.path.join(workdir, "job.json")
    with open(job_path, "w") as f:
        json.dump(job, f)
    if warm is not None:
        proc = warm.send(job_path)
    else:
        cmd = [sys.executable, "-I", os.path.join(workdir, "child.py"), job_path]
        proc = spawn(wrap(cmd, workdir) if wrap is not None else cmd, workdir)
    stopped = False
    if while_waiting is not None:
        try:
            while_waiting()
        except KeyboardInterrupt:  # Ctrl-C before the watch began: stop the child, report what it finished
            _kill(proc)
            proc.wait()
            stopped = True
        except BaseException:
            _kill(proc)
            proc.wait()
            raise
    from . import protocol

    guard = getattr(wrap, "guard", None)  # the sandbox tier's check of what the child writes
    if stopped:
        killed_for, interrupted = "interrupt", True
    else:
        killed_for, interrupted = _watch(proc, os.path.join(out, "progress"), limits, remaining,
                                         guard=(lambda: guard(out)) if guard else None)
    if hasattr(wrap, "after"):
        wrap.after(workdir)  # the sandbox tier waits until everything it ran is gone
    returncode = proc.returncode
    if wrap is not None and returncode is not None and 128 < returncode <= 128 + 64:
        returncode = 128 - returncode  # bwrap reports a child killed by signal N as exit status 128 + N
    if proc.returncode == RESERVED_EXIT_HARDENING and killed_for is None:
        raise SandboxError("the child could not confirm its sandbox (hardening failed); nothing was graded")
    load_error = os.path.join(out, "load_error.json")
    if os.path.exists(load_error):
        try:
            record = protocol.read_json(load_error)
        except protocol.BadOutput as exc:
            record = {"kind": "bad_output", "message": str(exc)}
        _fill(outcomes, pending, str(record.get("kind", "load"))[:40], str(record.get("message", ""))[:4000])
        return [], interrupted
    started = _started(os.path.join(out, "progress"))
    max_bytes = limits.output_mb * 2**20
    rest = []
    for i in pending:
        tdir = os.path.join(out, str(i))
        if os.path.exists(os.path.join(tdir, "tree.json")):
            try:
                outcomes[i] = Outcome(value=protocol.read_tree(tdir, max_bytes))
            except protocol.BadOutput as exc:
                outcomes[i] = Outcome(error={"kind": "bad_output", "message": str(exc)})
            except (OSError, ValueError, MemoryError) as exc:
                outcomes[i] = Outcome(error={"kind": "bad_output", "message": f"unreadable output ({type(exc).__name__})"})
        elif os.path.exists(os.path.join(tdir, "error.json")):
            try:
                record = protocol.read_json(os.path.join(tdir, "error.json"))
                kind, message = str(record.get("kind", "exception"))[:40], str(record.get("message", ""))[:4000]
                outcomes[i] = Outcome(error={"kind": kind, "message": message})
            except protocol.BadOutput as exc:
                outcomes[i] = Outcome(error={"kind": "bad_output", "message": str(exc)})
        elif i in started:
            outcomes[i] = Outcome(error=_death(returncode, killed_for, limits))
        else:
            rest.append(i)
    if rest and not started.intersection(pending) and not interrupted:
        # The child died before starting any test (e.g. os._exit at import): no progress is possible.
        _fill(outcomes, rest, *_death_pair(returncode, killed_for, limits, at_import=True), source="parent")
        return [], interrupted
    return rest, interrupted


def _watch(proc, progress_path, limits, remaining, guard=None):
    """Wait for the child; kill its process group when a test or the submission runs too long
    (or when ``guard()``, polled every 0.25 s, says the child wrote too much)."""
    deadline = time.monotonic() + remaining
    next_guard = time.monotonic() + 0.25
    current, current_since = None, time.monotonic()
    killed_for, interrupted = None, False
    pidfd = _pidfd(proc.pid)
    try:
        while True:
            try:
                if pidfd is not None:
                    select.select([pidfd], [], [], 0.05)
                if proc.poll() is not None:
                    break
                if pidfd is None:
                    time.sleep(0.005)
                now = time.monotonic()
                latest = _latest(progress_path)
                if latest != current:
                    current, current_since = latest, now
                if current is None and now - current_since > limits.load_seconds:
                    killed_for = "load"
                elif current is not None and now - current_since > limits.test_seconds:
                    killed_for = "test"
                elif now > deadline:
                    killed_for = "submission"
                elif guard is not None and now >= next_guard:
                    next_guard = now + 0.25
                    killed_for = "output" if guard() else None
                if killed_for:
                    _kill(proc)
                    break
            except KeyboardInterrupt:
                interrupted, killed_for = True, "interrupt"
                _kill(proc)
                break
    finally:
        if pidfd is not None:
            os.close(pidfd)
    proc.wait()
    _kill(proc)  # stragglers the student left in the group
    return killed_for, interrupted


def _pidfd(pid):
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _latest(progress_path):
    try:
        with open(progress_path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 64))
            lines = f.read().split(b"\n")
    except OSError:
        return None
    lines = [x for x in lines if x]
    return lines[-1] if lines else None


def _started(progress_path) -> set:
    from . import protocol

    try:
        text = protocol.read_small(progress_path, 1 << 20).decode(errors="replace")
    except (OSError, protocol.BadOutput):
        return set()
    return {int(x) for x in text.split() if x.isdigit()}


def _death(returncode, killed_for, limits) -> dict:
    kind, message = _death_pair(returncode, killed_for, limits)
    return {"kind": kind, "message": message, "source": "parent"}


def _death_pair(returncode, killed_for, limits, at_import=False):
    where = "while loading your file" if at_import else "before returning"
    if killed_for == "output":
        return "file_size", f"stopped: wrote more than {limits.output_mb} MB of files (writing in a loop?)"
    if killed_for == "interrupt":
        return "interrupted", "not finished: grading was interrupted (Ctrl-C)"
    if killed_for == "load":
        return "timeout", f"loading your file took more than {limits.load_seconds:g} s (top-level code that runs too long?)"
    if killed_for == "test":
        return "timeout", f"did not return within {limits.test_seconds:g} s (an infinite loop, or a very slow one?)"
    if killed_for == "submission":
        return "timeout", f"the submission used up its {limits.submission_seconds:g} s time limit"
    if returncode is not None and returncode < 0:
        sig = -returncode
        if sig == signal.SIGXCPU:
            return "cpu", "stopped by the CPU time limit (an infinite loop?)"
        if sig == signal.SIGXFSZ:
            return "file_size", f"stopped by the {limits.file_mb} MB file-size limit (printing or writing too much?)"
        if sig == signal.SIGKILL:
            return "killed", "killed (out of memory, or too many processes?)"
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        what = " (segmentation fault)" if sig == signal.SIGSEGV else ""
        return "signal", f"crashed with {name}{what} {where}"
    return "exit", f"the program exited {where} (sys.exit() or os._exit() in your code?)"


def _fill(outcomes, indices, kind, message, source: str = "child") -> None:
    """``source``: "parent" only for words this process wrote; anything else is shown as the
    child's text (never for hidden tests, nor where hidden tests ran: judge.failure_of)."""
    for i in indices:
        if outcomes[i] is None:
            outcomes[i] = Outcome(error={"kind": kind, "message": message, "source": source})


def _tail(path: str) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - OUTPUT_TAIL))
            data = f.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def _rename(message: str, names: dict) -> str:
    for path, name in names.items():
        message = message.replace(path, name)
    return message
