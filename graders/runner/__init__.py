"""Stage 2 of grading: run the calls of each test in a fresh, limited child process.

The parent makes a private work dir, copies in the child's interpreter (child.py,
callables.py) and the submission, and starts ``python -I child.py --fds DOWN,UP`` with a
scrubbed environment, stdin empty, one BLAS thread and rlimits. The job and then each test go
down a pipe one at a time: the child asks for a test when it is ready, and gets that test's
call and inputs only, after the previous test's result was read here. No file in the work dir
holds another test's inputs, an expected output or held-out data (inputs placed in a test's
output, such as exercise7's held-out set, never leave this process).

Everything the child leaves is hostile: results are read relative to a directory fd with
O_NOFOLLOW | O_NONBLOCK, regular files of bounded size only (``protocol.py``); nothing here
blocks, so the wall clock per test and per submission always runs, and the whole process group
is killed on expiry. When the child dies inside a test, that test gets the reason and a new
child runs the tests after it, so one crash costs one test. On the student path (no ``wrap``)
this process is a child subreaper and kills every descendant left at the end.

An optional ``wrap`` (the OS sandbox tier of class grading) turns the command into a sandboxed
one; both tiers share everything else here.
"""

from __future__ import annotations

import json
import os
import select
import signal
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..limits import Limits
from ..prewarm import (
    Channel,
    WarmChild,
    become_subreaper,
    child_command,
    children,
    kill_orphans,
    new_workdir,
    remove_tree,
    spawn,
)

# NumPy and the output decoding are imported only once the child has run, so a caller can send
# the job first and import NumPy while the child works (see ``while_waiting``).

OUTPUT_TAIL = 64 * 1024
_LIVE: set = set()  # pids of the children running now (other threads' runs: never swept as orphans)
# Held from a spawn until its pid is in _LIVE, and through an orphan sweep: a sweep in one thread can
# then never see another thread's child that is not yet in _LIVE (validate runs jobs in threads).
_SPAWN_LOCK = threading.Lock()
_subreaper: list = []


class SandboxError(RuntimeError):
    """The sandbox could not be set up: an infrastructure error, never a grade."""


@dataclass
class Target:
    """What the child loads: student files (copied in) and/or importable modules (trusted)."""

    files: list = field(default_factory=list)
    modules: list = field(default_factory=list)
    sys_path: list = field(default_factory=list)
    forbidden: dict = field(default_factory=dict)  # module prefix -> the message a forbidden import gets
    sources: dict = field(default_factory=dict)  # file name -> source text (a converted notebook), loaded after files


@dataclass
class Outcome:
    value: object = None  # tree of float64 arrays (dict / list / ndarray / None)
    error: dict | None = None  # {"kind", "message", "source"} when the test produced no value; source
    # "parent" marks words this process wrote; without it the message is the (untrusted) child's
    printed: str = ""  # what the student's code printed during this test (the child's text)
    warnings: list = field(default_factory=list)  # NumPy's warnings during the call: [(kind, ufunc)], checked here

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
    peak_memory_mb: float | None = None  # the submission's peak memory (cgroup peak, else the largest process's RSS)
    running: str = ""  # "task/test" of the test that was running when grading was interrupted


Wrap = Callable[[list, str], list]


def run(target: Target, programs: list, limits: Limits | None = None, wrap: Wrap | None = None,
        warm: WarmChild | None = None, while_waiting: Callable | None = None, names: list | None = None,
        progress: Callable[[str, float], None] | None = None) -> RunResult:
    """Run ``programs`` (a list of ``(program, arrays)`` from ``spec.encode``) against ``target``.

    ``arrays`` maps keys to ndarrays, or to ``(dtype, shape, bytes)`` for callers without NumPy.
    ``warm``: a child started early (``prewarm``), used for the first attempt when not wrapped.
    ``while_waiting``: run in a thread while the first child works (work to overlap).
    ``names``: "task/test" per program. After a test of a task times out, the task's later tests
    are not run, and the timed-out test's time is not charged to ``submission_seconds``: a loop
    then costs its own task and one ``test_seconds``, never another task's tests (the wall time
    of a submission stays under submission_seconds + one test_seconds per task).
    ``progress(name, seconds)``: called while a test runs (the status line), ``("", 0)`` at the end.
    """
    limits = limits or Limits()
    if warm is not None and wrap is not None:
        warm.discard()
        warm = None
    if wrap is None and not _subreaper:  # the student path: orphans (setsid daemons) become ours to kill
        _subreaper.append(become_subreaper())
    ours = children() if wrap is None else set()  # what this process ran before: never the student's
    workdir = warm.workdir if warm else new_workdir()
    started = time.monotonic()
    try:
        header, file_names = _prepare(workdir, target, limits)
        tests = [_split_output(program) for program, _ in programs]
        state = _State(workdir, header, tests, [arrays for _, arrays in programs], limits, wrap)
        state.progress = progress
        state.names = list(names) if names is not None else [str(i) for i in range(len(programs))]
        outcomes: list = [None] * len(programs)
        result = RunResult(outcomes, file_names=file_names)
        pending = list(range(len(programs)))
        excused = 0.0  # seconds of timed-out tests, not charged to the submission's budget
        while pending:
            remaining = limits.submission_seconds - (time.monotonic() - started - excused)
            if remaining <= 0:
                _fill(outcomes, pending, "timeout", f"the submission used up its {limits.submission_seconds:g} s "
                                                    "time limit (submission_seconds)", source="parent")
                break
            pending, interrupted = _one_child(state, pending, outcomes, remaining, warm, while_waiting)
            warm = while_waiting = None
            for tid, seconds in state.timed_out if names is not None else ():  # without tasks: one budget
                excused += seconds
                pending = _skip_task(outcomes, pending, state.names, tid)
            state.timed_out.clear()
            if interrupted:
                result.running = state.names[state.running] if state.running is not None else ""
                _fill(outcomes, pending, "not_run", "not run: grading was interrupted (Ctrl-C)", source="parent")
                result.interrupted = True
                break
        for i, frozen in state.frozen.items():
            if outcomes[i] is None:
                outcomes[i] = _thaw(frozen, tests[i], programs[i][1])
        _fill(outcomes, range(len(outcomes)), "no_result", "the test ended without a result", source="parent")
        result.stdout = _tail(workdir, "stdout.txt")
        _attach_printed(workdir, outcomes)
        result.stderr = _tail(workdir, "stderr.txt")
        result.seconds = time.monotonic() - started
        result.peak_memory_mb = state.peak_mb
        for outcome in outcomes:
            if outcome.error:
                outcome.error["message"] = _rename(outcome.error.get("message", ""), file_names)
        return result
    finally:
        if progress is not None:
            progress("", 0.0)
        if wrap is None:
            with _SPAWN_LOCK:
                kill_orphans(keep=ours | _LIVE)
        remove_tree(workdir)


def _task_of(name: str) -> str:
    return name.split("/", 1)[0]


def _skip_task(outcomes: list, pending: list, names: list, tid: int) -> list:
    """Mark the pending tests of ``tid``'s task "not run" (it timed out once: a loop would time out
    again) and return the tests still to run."""
    task, _, test = names[tid].partition("/")
    skipped = [i for i in pending if _task_of(names[i]) == task]
    which = f" ({test})" if test else ""
    _fill(outcomes, skipped, "not_run", f"not run: an earlier test of this task timed out{which}", source="parent")
    return [i for i in pending if i not in skipped]


def _prepare(workdir: str, target: Target, limits: Limits) -> tuple[dict, dict]:
    import shutil

    for sub in ("out", "submission", "tmp"):
        os.makedirs(os.path.join(workdir, sub), exist_ok=True)
    names, files = {}, []
    for path in target.files:
        copy = os.path.join(workdir, "submission", os.path.basename(path))
        shutil.copy(path, copy)
        names[copy] = os.path.basename(path)
        files.append(copy)
    for name, text in target.sources.items():
        copy = os.path.join(workdir, "submission", os.path.basename(name))
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text)
        names[copy] = os.path.basename(name)
        files.append(copy)
    header = {
        "target": {"files": files, "modules": list(target.modules), "sys_path": list(target.sys_path)},
        "limits": limits.rlimits(),
        "forbidden": dict(target.forbidden),
    }
    return header, names


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


# --------------------------------------------------------------------------- what the child is sent


@dataclass
class _Test:
    program: dict  # what the child runs
    template: object = None  # the output with the child's part marked {"child": i}; None: all of it is the child's


def _split_output(program: dict) -> _Test:
    """Keep out of the child what its output needs no call for: input arrays placed in the
    output (exercise7's held-out set rides there, for the parent to judge with) stay here."""
    if not _has_array(program.get("output")):
        return _Test(program)
    parts: list = []

    def strip(v):
        if isinstance(v, dict):
            if "array" in v or "lit" in v:
                return v
            if "tuple" in v and isinstance(v["tuple"], list):
                return {"tuple": [strip(x) for x in v["tuple"]]}
            if "dict" in v and isinstance(v["dict"], dict):
                return {"dict": {k: strip(x) for k, x in v["dict"].items()}}
        parts.append(v)  # a call's result (or a list whose flattening depends on it): the child's
        return {"child": len(parts) - 1}

    template = strip(program["output"])
    return _Test(dict(program, output={"tuple": parts}), template)


def _has_array(v) -> bool:
    if isinstance(v, dict):
        return "array" in v or any(_has_array(x) for x in v.values())
    if isinstance(v, list):
        return any(_has_array(x) for x in v)
    return False


def _array_keys(v, found: set) -> set:
    if isinstance(v, dict):
        if "array" in v and isinstance(v["array"], str):
            found.add(v["array"])
        for x in v.values():
            _array_keys(x, found)
    elif isinstance(v, list):
        for x in v:
            _array_keys(x, found)
    return found


def frame(header: dict, blob: bytes = b"") -> bytes:
    """One message to the child (see ``child.read_frame``)."""
    data = json.dumps(header).encode()
    return f"{len(data)} {len(blob)}\n".encode() + data + blob


def _test_frame(test: _Test, arrays: dict, tid: int) -> bytes:
    needed = _array_keys(test.program, set())
    layout, blob = pack({k: arrays[k] for k in sorted(needed)})
    return frame(dict(test.program, id=tid, inputs=layout), blob)


def _thaw(frozen, test: _Test, arrays: dict) -> Outcome:
    """A frozen result as an Outcome (NumPy from here on); the parent's own output parts filled in."""
    from . import protocol

    if frozen.error is not None:
        return Outcome(error=frozen.error)
    try:
        value = protocol.thaw(frozen)
        if test.template is not None:
            value = _rebuild(test.template, value, arrays)
        return Outcome(value=value, warnings=list(frozen.warnings))
    except protocol.BadOutput as exc:
        return Outcome(error={"kind": "bad_output", "message": str(exc)})
    except Exception as exc:  # noqa: BLE001 - whatever the child wrote, this test fails, the parent goes on
        return Outcome(error={"kind": "bad_output", "message": f"unreadable output ({type(exc).__name__})"})


def _rebuild(template, parts, arrays: dict):
    from . import callables, child, protocol

    if not isinstance(parts, list):
        raise protocol.BadOutput("malformed output structure")
    if "child" in template:
        return parts[template["child"]]
    if "tuple" in template:
        return [_rebuild(x, parts, arrays) for x in template["tuple"]]
    if "dict" in template:
        return {k: _rebuild(x, parts, arrays) for k, x in template["dict"].items()}
    import numpy as np

    ctx = {"load": lambda key: _as_array(arrays[key]), "np": np, "make_callable": callables.make, "results": [], "args": []}
    return protocol.to_tree(child.resolve(template, ctx))


def _as_array(array):
    import numpy as np

    if isinstance(array, tuple):
        dtype, shape, data = array
        return np.frombuffer(data, dtype=dtype).reshape(shape)
    return np.asarray(array)


# --------------------------------------------------------------------------- one child


class _State:
    """What every child of one run shares: the job, the tests, the results taken so far."""

    def __init__(self, workdir, header, tests, arrays, limits, wrap) -> None:
        self.workdir, self.header, self.tests, self.arrays = workdir, header, tests, arrays
        self.limits, self.wrap = limits, wrap
        self.frozen: dict = {}
        self.budget = [limits.output_mb * 2**20] * 2  # bytes of results this run may hold in memory: left, all
        self.peak_mb: float | None = None
        self.names: list = []  # "task/test" per test
        self.progress: Callable | None = None
        self.timed_out: list = []  # (test, seconds it ran) of tests stopped by test_seconds
        self.running: int | None = None  # the test running when grading was interrupted


def _one_child(state: _State, pending: list, outcomes: list, remaining: float, warm=None, while_waiting=None):
    """Run one child over ``pending`` tests. Returns (tests still to run, interrupted?)."""
    workdir, wrap = state.workdir, state.wrap
    out = os.path.join(workdir, "out")
    remove_tree(out)
    os.mkdir(out)
    header = dict(state.header)
    header.update(getattr(wrap, "job_fields", None) or {})  # the sandbox tier's hardening expectations
    if warm is not None:
        channel, proc = warm.channel, warm.proc
        _LIVE.add(proc.pid)
    else:
        channel = Channel()
        cmd = child_command(workdir, channel)
        if wrap is not None and state.header["forbidden"] and getattr(wrap, "masks_modules", False):
            cmd = wrap(cmd, workdir, forbidden=tuple(state.header["forbidden"]))
        elif wrap is not None:
            cmd = wrap(cmd, workdir)
        with _SPAWN_LOCK:
            proc = spawn(cmd, workdir, channel, env=getattr(wrap, "env", None))
            _LIVE.add(proc.pid)
    helper, failure = None, []
    if while_waiting is not None:
        def work() -> None:
            try:
                while_waiting()
            except BaseException as exc:  # re-raised in this thread once the child is stopped
                failure.append(exc)

        helper = threading.Thread(target=work, daemon=True)
        helper.start()
    try:
        talk = _Talk(state, channel, proc, pending, header)
        talk.watch(remaining, guard=getattr(wrap, "guard", None), failed=lambda: bool(failure))
        if helper is not None:
            helper.join()
            if failure and isinstance(failure[0], KeyboardInterrupt):  # Ctrl-C while this process set up
                talk.interrupted, talk.killed_for = True, "interrupt"
                failure.clear()
    finally:
        _kill(proc)
        _proc_wait(proc)
        _LIVE.discard(proc.pid)
        channel.close()
    if hasattr(wrap, "after"):
        wrap.after(workdir)  # the sandbox tier waits until everything it ran is gone
    if failure:
        raise failure[0]
    from_wrap = getattr(wrap, "peak_memory_mb", None)  # the sandbox's memory cgroup: all processes together
    peak = from_wrap() if callable(from_wrap) else None
    if peak is None and talk.maxrss_kb:
        peak = talk.maxrss_kb / 1024  # else the largest process's resident size
    if peak is not None:
        state.peak_mb = max(state.peak_mb or 0.0, peak)
    return talk.finish(outcomes)


def _proc_wait(proc) -> None:
    if proc.returncode is None:
        try:
            proc.wait()
        except OSError:
            pass


class _Talk:
    """The parent's side of one child's run: feed tests one at a time, watch every clock.

    Nothing here blocks: the channel is non-blocking, the child's exit is polled (pidfd), results
    are read with O_NONBLOCK from regular files only. A test's result is read ("frozen") the
    moment the child asks for the next test, before that test's inputs leave this process, so no
    result can carry a later test's inputs.
    """

    def __init__(self, state: _State, channel: Channel, proc, pending: list, header: dict) -> None:
        self.state, self.channel, self.proc = state, channel, proc
        self.queue = list(pending)
        self.outbuf = bytearray(frame(header))
        self.inbuf = b""
        self.hardened = bool(header.get("hardening"))
        self.confirmed: bool | None = None
        self.loaded = False
        self.current: int | None = None
        self.current_since = time.monotonic()
        self.killed_for: str | None = None
        self.guard_message = ""
        self.interrupted = False
        self.maxrss_kb = 0
        self.out_fd: int | None = None
        self.closing = False

    # ---- the loop

    def watch(self, remaining: float, guard=None, failed=None) -> None:
        start = time.monotonic()
        deadline, next_guard = start + remaining, start + 0.25
        limits = self.state.limits
        pidfd = _pidfd(self.proc.pid)
        up, down = self.channel.from_child, self.channel.to_child
        try:
            while True:
                try:
                    readers = [fd for fd in (up, pidfd) if fd is not None and fd >= 0]
                    writers = [down] if self.outbuf else []
                    ready_r, ready_w, _ = select.select(readers, writers, [], 0.05)
                    if ready_w:
                        self._write()
                    if up in ready_r:
                        self._read()
                    if self._exited():
                        break
                    if failed is not None and failed():  # the work overlapped in a thread stopped
                        self.killed_for = "interrupt"
                        break
                    now = time.monotonic()
                    if self.state.progress is not None and self.current is not None:
                        self.state.progress(self.state.names[self.current], now - self.current_since)
                    if not self.loaded and now - start > limits.load_seconds:
                        self.killed_for = "load"
                    elif self.current is not None and now - self.current_since > limits.test_seconds:
                        self.killed_for = "test"
                    elif now > deadline:
                        self.killed_for = "submission"
                    elif guard is not None and now >= next_guard:
                        next_guard = now + 0.25
                        message = guard(os.path.join(self.state.workdir, "out"))
                        if message:
                            self.killed_for, self.guard_message = "output", message
                    if self.killed_for:
                        break
                except KeyboardInterrupt:
                    self.interrupted, self.killed_for = True, "interrupt"
                    break
        finally:
            if pidfd is not None:
                os.close(pidfd)
            _kill(self.proc)
            if self.proc.returncode is None:
                self._reap(block=True)
            if up >= 0:
                self.closing = True  # the last lines: a "want" written just before the end takes the result,
                self._read()  # and sends nothing more (the next test never started)

    def _write(self) -> None:
        try:
            n = os.write(self.channel.to_child, self.outbuf[:1 << 16])
            del self.outbuf[:n]
        except BlockingIOError:
            pass
        except OSError:  # the child is gone (EPIPE): nothing more to send
            self.outbuf.clear()

    def _read(self) -> None:
        for _ in range(16):  # at most 1 MB per turn: a flood of lines cannot stall the clock
            try:
                data = os.read(self.channel.from_child, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                return
            lines = (self.inbuf + data).split(b"\n")
            self.inbuf = lines.pop()[-256:]
            for line in lines:
                self._event(line.strip())

    def _event(self, line: bytes) -> None:
        if self.confirmed is None:  # the first line, written before any student code ran
            self.confirmed = line == b"ready ok"
            return
        if line != b"want" or not self.confirmed:
            return
        self.loaded = True
        self._sample_memory()
        if self.current is not None:
            self._freeze(self.current)
            self.current = None
        if self.closing:
            return
        if self.queue:
            tid = self.queue.pop(0)
            self.outbuf += _test_frame(self.state.tests[tid], self.state.arrays[tid], tid)
            self.current, self.current_since = tid, time.monotonic()
        else:
            self.outbuf += frame({"end": True})

    def _freeze(self, tid: int, dead: bool = False):
        from . import protocol

        if self.out_fd is None:
            try:
                self.out_fd = protocol.open_dir(os.path.join(self.state.workdir, "out"))
            except OSError:
                return None
        frozen = protocol.freeze(self.out_fd, f"{tid}/", self.state.budget)
        if frozen is None and not dead:
            frozen = protocol.Frozen(error={"kind": "no_result", "message": "the test ended without a result",
                                            "source": "parent"})
        if frozen is not None:
            self.state.frozen[tid] = frozen
        return frozen

    def _exited(self) -> bool:
        return self._reap(block=False)

    def _sample_memory(self) -> None:
        """The child's resident high-water mark since its exec (VmHWM), read by this process from
        /proc while the child lives: wait4's ru_maxrss also counts what the forking parent held."""
        try:
            with open(f"/proc/{self.proc.pid}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmHWM:"):
                        self.maxrss_kb = max(self.maxrss_kb, int(line.split()[1]))
                        return
        except (OSError, ValueError, IndexError):
            pass

    def _reap(self, block: bool) -> bool:
        try:
            pid, status, _ = os.wait4(self.proc.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            return False
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return True

    # ---- what it comes to

    def _limit_hit(self) -> str:
        """The sandbox tier's word on which per-submission limit was hit (memory, processes), if any."""
        hit = getattr(self.state.wrap, "limit_hit", None)
        try:
            return hit() if callable(hit) else ""
        except OSError:
            return ""

    def finish(self, outcomes: list) -> tuple[list, bool]:
        try:
            return self._finish(outcomes)
        finally:
            if self.out_fd is not None:
                os.close(self.out_fd)

    def _finish(self, outcomes: list) -> tuple[list, bool]:
        from . import protocol

        state, limits = self.state, self.state.limits
        if self.hardened and self.confirmed is not True and not self.interrupted:
            # It said no, or ended by itself before it could say: the sandbox is not what we asked
            # for. Stopped by a limit of ours before it could say (a load overran on a busy machine),
            # it ran nothing of the student's: that is the run's limit, reported below like any load.
            if self.confirmed is False or self.killed_for is None:
                said = "said the sandbox is not in place (hardening failed)" if self.confirmed is False else (
                    f"ended (status {self.proc.returncode}) before it could confirm it")
                last = _tail(self.state.workdir, "stderr.txt").strip().splitlines()[-1:]
                raise SandboxError(f"the child {said}; nothing was graded" + (f" ({last[0][:200]})" if last else ""))
        returncode = self.proc.returncode
        if state.wrap is not None and returncode is not None and 128 < returncode <= 128 + 64:
            returncode = 128 - returncode  # bwrap reports a child killed by signal N as exit status 128 + N
        if self.current is not None:  # the test running when the child ended
            if self.killed_for == "test":
                state.timed_out.append((self.current, time.monotonic() - self.current_since))
            elif self.killed_for == "interrupt":
                state.running = self.current
            frozen = self._freeze(self.current, dead=True) if self.killed_for is None else None
            if frozen is None:
                kind, message = _death_pair(returncode, self.killed_for, limits, guard=self.guard_message,
                                            hit=self._limit_hit())
                outcomes[self.current] = Outcome(error={"kind": kind, "message": message, "source": "parent"})
                state.frozen.pop(self.current, None)
            return self.queue, self.interrupted
        if not self.loaded and not self.interrupted:
            # The child ended before asking for a test: the submission could not be loaded.
            record = None
            if self.killed_for is None:
                try:
                    root = protocol.open_dir(os.path.join(state.workdir, "out"))
                    try:
                        if protocol.exists_at(root, "load_error.json"):
                            record = protocol.read_json_at(root, "load_error.json")
                    finally:
                        os.close(root)
                except protocol.BadOutput as exc:
                    record = {"kind": "bad_output", "message": str(exc)}
                except OSError:
                    record = None
            if record is not None:
                kind = record.get("kind") if isinstance(record.get("kind"), str) else "load"
                message = record.get("message") if isinstance(record.get("message"), str) else ""
                _fill(outcomes, self.queue, kind[:40], message[:4000])
            else:
                _fill(outcomes, self.queue, *_death_pair(returncode, self.killed_for, limits, at_import=True,
                                                         guard=self.guard_message, hit=self._limit_hit()),
                      source="parent")
            _mark_load_error(outcomes, self.queue, record or {})
            return [], self.interrupted
        return self.queue, self.interrupted


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


def _death_pair(returncode, killed_for, limits, at_import=False, guard: str = "", hit: str = "") -> tuple[str, str]:
    """(kind, message) of a child that ended without a result; every message names the limit hit."""
    where = "while loading your file" if at_import else "before returning"
    if killed_for == "output":
        return "file_size", f"stopped: {guard or 'wrote too much'} (writing in a loop?)"
    if killed_for == "interrupt":
        return "interrupted", "not finished: grading was interrupted (Ctrl-C)"
    if killed_for == "load":
        return "timeout", (f"loading your file took more than {limits.load_seconds:g} s (the load time limit; "
                           "top-level code that runs too long?)")
    if killed_for == "test":
        return "timeout", (f"did not return within {limits.test_seconds:g} s (the time limit per test; "
                           "an infinite loop, or a very slow one?)")
    if killed_for == "submission":
        return "timeout", f"the submission used up its {limits.submission_seconds:g} s time limit (submission_seconds)"
    if returncode is not None and returncode < 0:
        sig = -returncode
        if sig == signal.SIGXCPU:
            return "cpu", f"stopped by the CPU time limit ({limits.rlimits()['cpu_seconds']} s of CPU; an infinite loop?)"
        if sig == signal.SIGXFSZ:
            return "file_size", f"stopped by the {limits.file_mb} MB file-size limit (printing or writing too much?)"
        if sig == signal.SIGKILL:
            return "killed", f"killed: {hit}" if hit else "killed (out of memory, or too many processes?)"
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


_LOAD_FIELDS = {"file": str, "line": int, "text": str, "column": int, "end_column": int, "module": str, "error_type": str}


def _mark_load_error(outcomes: list, indices, record: dict) -> None:
    """Mark the outcomes of a file that failed to load (``at_load``), with where it failed: the
    child's record's fields of a known type only, strings cut short (the report's banner)."""
    where = {k: (v[:200] if isinstance(v, str) else v) for k, t in _LOAD_FIELDS.items()
             if isinstance(v := record.get(k), t) and not isinstance(v, bool)}
    for i in indices:
        if outcomes[i] is not None and outcomes[i].error is not None:
            outcomes[i].error.update(where, at_load=True)


PRINTED_BYTES = 16384  # of one test's printing: its first and last 8 KB (the report shows first and last lines)


def _attach_printed(workdir: str, outcomes: list) -> None:
    """Each test's own printing: the byte range of stdout.txt its ``printed.json`` names (read as
    hostile: integers in range only, a regular file, at most PRINTED_BYTES)."""
    from . import protocol

    try:
        out = protocol.open_dir(os.path.join(workdir, "out"))
    except (OSError, protocol.BadOutput):
        return
    try:
        fd = None
        root = protocol.open_dir(workdir)
        try:
            fd = protocol.open_at(root, "stdout.txt")
        finally:
            os.close(root)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        for tid, outcome in enumerate(outcomes):
            if outcome is not None:
                outcome.printed = _printed_of(out, fd, tid)
    except (OSError, protocol.BadOutput):
        return
    finally:
        os.close(out)
        if fd is not None:
            os.close(fd)


def _printed_of(out: int, fd: int, tid: int) -> str:
    from . import protocol

    try:
        if not protocol.exists_at(out, f"{tid}/printed.json"):
            return ""
        record = protocol.read_json_at(out, f"{tid}/printed.json")
    except (OSError, ValueError, protocol.BadOutput):
        return ""
    start, end = record.get("start"), record.get("end")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)) or not 0 <= start < end:
        return ""
    end = min(end, os.fstat(fd).st_size)
    if end - start <= PRINTED_BYTES:
        data = os.pread(fd, max(0, end - start), start)
    else:
        half = PRINTED_BYTES // 2
        data = os.pread(fd, half, start) + b"\n...\n" + os.pread(fd, half, end - half)
    text = data.decode("utf-8", errors="replace")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def _tail(workdir: str, name: str) -> str:
    """The last OUTPUT_TAIL bytes of a captured output file, read as hostile (regular file only)."""
    from . import protocol

    try:
        root = protocol.open_dir(workdir)
        try:
            fd = protocol.open_at(root, name)
        finally:
            os.close(root)
    except (OSError, protocol.BadOutput):
        return ""
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ""
        os.lseek(fd, max(0, st.st_size - OUTPUT_TAIL), os.SEEK_SET)
        data = os.read(fd, OUTPUT_TAIL)
    except OSError:
        return ""
    finally:
        os.close(fd)
    text = data.decode("utf-8", errors="replace")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def _rename(message: str, names: dict) -> str:
    for path, name in names.items():
        message = message.replace(path, name)
    return message
