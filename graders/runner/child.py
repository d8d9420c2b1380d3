"""The child side of the grading protocol: run the calls of each test, save the results as .npy.

This file is copied into a fresh work directory and run as ``python -I child.py job.json``.
It imports only the standard library and NumPy, never ``graders`` or ``reference``, so a
submission that patches those patches nothing that judges it. It never decides pass or fail:
it only writes data (``out/<test>/tree.json`` plus one ``.npy`` per array) that the parent
validates. The parent imports the same interpreter (``run_case``) to compute reference outputs.

A test is a small program: a list of calls ``{"fn", "args", "kwargs"}`` whose values are
encoded as JSON (see ``resolve``), and an ``output`` value saying what to return.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

_LIMITS: dict = {}  # the rlimits this child applied (named in error messages)


def apply_limits(limits: dict) -> None:
    """Apply rlimits (hard = soft) before any student code runs."""
    _LIMITS.update(limits)
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-clock timer still applies
        return
    table = {
        "cpu_seconds": resource.RLIMIT_CPU,
        "memory_bytes": resource.RLIMIT_AS,
        "file_bytes": resource.RLIMIT_FSIZE,
        "processes": getattr(resource, "RLIMIT_NPROC", None),
        "core_bytes": resource.RLIMIT_CORE,
    }
    for key, which in table.items():
        value = limits.get(key)
        if value is None or which is None:
            continue
        value = int(value)
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY and value > hard:
            value = hard
        resource.setrlimit(which, (value, value))


# --------------------------------------------------------------------------- values


def resolve(v, ctx):
    """Turn an encoded value into a Python object.

    {"array": key}         an input array (a fresh copy for every use)
    {"lit": x}             a JSON literal (number, string, bool, None, list of those)
    {"rng": seed}          numpy.random.default_rng(seed)
    {"fn": name, "params"} a callable from callables.py (the parent's choice, never the student's)
    {"ref": [step, *path]} the result of an earlier call, indexed by path
    {"arg": [step, i]}     argument i of an earlier call, after the call (to see mutation)
    {"tuple"|"list": [...]}, {"dict": {...}}
    """
    if "array" in v:
        return ctx["load"](v["array"]).copy()
    if "lit" in v:
        return v["lit"]
    if "rng" in v:
        return ctx["np"].random.default_rng(v["rng"])
    if "fn" in v:
        params = {k: resolve(p, ctx) for k, p in v.get("params", {}).items()}
        return ctx["make_callable"](v["fn"], **params)
    if "ref" in v:
        step, *path = v["ref"]
        value = ctx["results"][step]
        for key in path:
            value = value[key]
        return value
    if "arg" in v:
        step, i = v["arg"]
        return ctx["args"][step][i]
    if "tuple" in v:
        return tuple(resolve(x, ctx) for x in v["tuple"])
    if "list" in v:
        return [resolve(x, ctx) for x in v["list"]]
    if "dict" in v:
        return {k: resolve(x, ctx) for k, x in v["dict"].items()}
    raise ValueError(f"unknown value encoding {sorted(v)}")


HELPER_PREFIX = "callables."  # a call named "callables.f" runs callables.make("f"), e.g. to read a Keras model


def run_case(case: dict, namespace: dict, load, np, make_callable):
    """Run the calls of one test against ``namespace`` and return the output value."""
    ctx = {"load": load, "np": np, "make_callable": make_callable, "results": [], "args": []}
    for step in case["calls"]:
        name = step["fn"]
        if name.startswith(HELPER_PREFIX):  # the grader's own helper (callables.py), never the student's
            fn = make_callable(name[len(HELPER_PREFIX):])
        else:
            fn = namespace.get(name)
        if not callable(fn):
            raise MissingFunction(name)
        args = [resolve(a, ctx) for a in step.get("args", [])]
        kwargs = {k: resolve(a, ctx) for k, a in step.get("kwargs", {}).items()}
        ctx["args"].append(args)
        ctx["results"].append(fn(*args, **kwargs))
    return resolve(case["output"], ctx)


class MissingFunction(Exception):
    pass


MAX_WARNINGS = 5


def run_watched(case: dict, namespace: dict, load, np, make_callable) -> tuple:
    """``run_case`` with NumPy's floating-point warnings (overflow, divide by zero, invalid value)
    recorded: (value, up to MAX_WARNINGS distinct [category, message] pairs). Underflow stays
    silent: a stable exp(-|z|) underflows to 0 by design."""
    import warnings

    with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn", divide="warn", invalid="warn"):
        warnings.simplefilter("default")  # once per place in the code: a loop cannot pile up records
        value = run_case(case, namespace, load, np, make_callable)
    distinct: list = []
    for w in caught:
        pair = [type(w.message).__name__[:40], str(w.message)[:200]]
        if pair not in distinct:
            distinct.append(pair)
        if len(distinct) >= MAX_WARNINGS:
            break
    return value, distinct


# --------------------------------------------------------------------------- output


def flatten(value, np, save, path="r"):
    """Describe ``value`` as a JSON tree, saving each array leaf with ``save(path, array)``."""
    if isinstance(value, dict):
        return {"dict": {str(k): flatten(x, np, save, f"{path}.{k}") for k, x in value.items()}}
    if isinstance(value, tuple) or (isinstance(value, list) and not _is_numeric_list(value)):
        return {"seq": [flatten(x, np, save, f"{path}.{i}") for i, x in enumerate(value)]}
    if value is None:
        return {"none": True}
    array = np.asarray(value)
    if isinstance(value, np.ma.MaskedArray):
        array = np.asarray(value.data)
    save(path, array)
    return {"leaf": path}


def _is_numeric_list(value) -> bool:
    """A list of numbers (or of lists of numbers) is one array, not a sequence of results."""
    import numbers

    return len(value) > 0 and all(
        isinstance(x, numbers.Number) or (isinstance(x, list) and _is_numeric_list(x)) for x in value
    )


def student_traceback(exc: BaseException, files: set) -> str:
    """Format the traceback keeping only frames in the student's own files."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    lines = traceback.format_list(frames) if frames else []
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-4000:]


class ForbiddenImport(ModuleNotFoundError):
    """An import course.yml's forbidden_imports rules out (raised by the child's import guard)."""


def error_record(exc: BaseException, files: set) -> dict:
    if isinstance(exc, ForbiddenImport):
        return {"kind": "forbidden", "message": str(exc)}
    if isinstance(exc, MissingFunction):
        return {"kind": "missing", "message": str(exc)}
    if isinstance(exc, NotImplementedError):
        return {"kind": "not_implemented", "message": str(exc)}
    if isinstance(exc, MemoryError):
        mb = (_LIMITS.get("memory_bytes") or 0) >> 20
        return {"kind": "memory", "message": f"MemoryError (the memory limit is {mb} MB per process)" if mb else "MemoryError"}
    if isinstance(exc, RecursionError):
        return {"kind": "recursion", "message": student_traceback(exc, files)}
    if isinstance(exc, SystemExit):
        return {"kind": "exit", "message": f"sys.exit({exc.code!r})"}
    if isinstance(exc, OSError) and exc.errno == 27:  # EFBIG: Python ignores SIGXFSZ, so writes fail instead
        mb = (_LIMITS.get("file_bytes") or 0) >> 20
        return {"kind": "file_size", "message": f"stopped by the {mb} MB file-size limit (printing or writing too much?)"
                if mb else "stopped by the file-size limit (printing or writing too much?)"}
    if isinstance(exc, KeyboardInterrupt):
        return {"kind": "interrupted", "message": "KeyboardInterrupt"}
    return {"kind": "exception", "message": student_traceback(exc, files)}


def write_json(path: str, data: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- loading


def load_namespace(target: dict) -> tuple[dict, set]:
    """Build the namespace of student functions: modules by name, then files, later ones winning."""
    import importlib
    import importlib.util

    namespace: dict = {}
    files: set = set()
    for extra in target.get("sys_path", []):
        sys.path.insert(0, extra)
    for name in target.get("modules", []):
        namespace.update(vars(importlib.import_module(name)))
    for i, path in enumerate(target.get("files", [])):
        spec = importlib.util.spec_from_file_location(f"submission_{i}", path)
        module = importlib.util.module_from_spec(spec)
        files.add(path)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        namespace.update(vars(module))
    return namespace, files


def load_error_record(exc: BaseException, files: set) -> dict:
    if isinstance(exc, SyntaxError):
        return {
            "kind": "syntax",
            "message": f"{exc.msg} ({os.path.basename(exc.filename or '?')}, line {exc.lineno})",
            "line": exc.lineno,
            "text": (exc.text or "").rstrip()[:200],
            "file": os.path.basename(exc.filename or ""),
            "column": exc.offset, "end_column": getattr(exc, "end_offset", None),
        }
    if isinstance(exc, ForbiddenImport):
        record = {"kind": "forbidden", "message": str(exc)}
    elif isinstance(exc, ImportError):
        record = {"kind": "import", "message": student_traceback(exc, files), "module": exc.name or ""}
    else:
        record = error_record(exc, files)
        record["kind"] = "load_" + record["kind"]
    record["error_type"] = type(exc).__name__
    return {**record, **where_in_student_code(exc, files)}


def where_in_student_code(exc: BaseException, files: set) -> dict:
    """File, line, source and columns of the last frame of ``exc`` in the student's files (the
    whole-file banner of the report)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    if not frames:
        return {}
    f = frames[-1]
    return {"file": os.path.basename(f.filename), "line": f.lineno, "text": (f.line or "")[:200],
            "column": (f.colno + 1) if getattr(f, "colno", None) is not None else None,
            "end_column": (f.end_colno + 1) if getattr(f, "end_colno", None) is not None else None}


def read_frame(fd: int) -> tuple[dict, bytes]:
    """One message from the parent: ``b"<header bytes> <blob bytes>\\n"``, a JSON header, a raw blob."""
    os.set_blocking(fd, True)  # student code may have made it non-blocking
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte or len(line) > 40:
            raise EOFError("the parent closed the channel")
        line += byte
    size, blob_size = (int(x) for x in line.split())
    header = json.loads(_read_exact(fd, size))
    return header, _read_exact(fd, blob_size)


def _read_exact(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the parent closed the channel")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def send(fd: int, event: str) -> None:
    os.write(fd, event.encode() + b"\n")


def main(argv: list) -> int:
    """``child.py --fds DOWN,UP [--warm]``: the job arrives on DOWN, one test at a time.

    Before any student code runs the child reports on UP, as its first line, whether the sandbox
    it was asked to check is in place (``ready ok`` / ``ready failed``): student code can write to UP
    later, never before, so nothing it writes can pass for that report. Then, per test, it says
    ``want`` and the parent sends that one test's call and inputs (and nothing of the next test
    until this one's result is written), or the end.
    """
    down, up = (int(x) for x in argv[argv.index("--fds") + 1].split(","))
    if "--warm" in argv:
        import numpy  # noqa: F401  (the slow import, done while the parent prepares the job)
    if "--warm-tf" in argv:  # a TF exercise's next check (--watch): nothing of the student's has run yet
        try:
            import tensorflow  # noqa: F401
        except ImportError:
            pass  # the check itself reports the missing extra
    job, _ = read_frame(down)
    workdir = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, workdir)  # for callables.py only; -I already dropped the cwd
    sys.path.extend(job.get("python_path", []))  # sandbox tier (-I -S): NumPy's site dir, set by the parent
    apply_limits(job.get("limits", {}))
    if job.get("hardening") and not _hardened(job["hardening"]):
        send(up, "ready failed")
        return 0
    send(up, "ready ok")

    import callables  # before the student's code runs, so its import-time code cannot swap the module in
    import numpy as np

    make_callable = callables.make
    out = os.path.join(workdir, "out")
    files = set(job["target"].get("files", []))
    forbidden = job.get("forbidden") or {}
    try:
        found = forbidden_imports(job["target"].get("files", []), forbidden)
        if found:
            write_json(os.path.join(out, "load_error.json"), {"kind": "forbidden", "message": found,
                                                              **forbidden_where(found, job["target"].get("files", []))})
            return 0
        install_import_guard(forbidden, os.environ.get("NNLAB_GPU_MEMORY_MB"))
        namespace, files = load_namespace(job["target"])
    except BaseException as exc:  # the student's import-time code may raise anything
        write_json(os.path.join(out, "load_error.json"), load_error_record(exc, files))
        return 0

    while True:
        send(up, "want")
        test, blob = read_frame(down)
        if test.get("end"):
            break
        layout = test.get("inputs", {})

        def load(key, layout=layout, blob=blob):  # this test's arrays (resolve copies them)
            dtype, shape, offset = layout[key]
            count = 1
            for n in shape:
                count *= n
            return np.frombuffer(blob, dtype=dtype, count=count, offset=offset).reshape(shape)

        tid = test["id"]
        tdir = os.path.join(out, str(tid))
        before = printed_so_far()
        try:
            os.makedirs(tdir, exist_ok=True)
            value, caught = run_watched(test, namespace, load, np, make_callable)
            if caught:  # before tree.json: the parent reads a test's files once its result is complete
                write_json(os.path.join(tdir, "warnings.json"), {"warnings": caught})
            tree = flatten(value, np, lambda p, a: np.save(os.path.join(tdir, p + ".npy"), a, allow_pickle=False), "r")
            note_printed(tdir, before)  # before tree.json: the parent reads a test's files once it is complete
            write_json(os.path.join(tdir, "tree.json"), tree)
        except BaseException as exc:  # report every kind of failure as data, then go on
            try:
                note_printed(tdir, before)
                write_json(os.path.join(tdir, "error.json"), error_record(exc, files))
            except BaseException:
                pass
    return 0


def printed_so_far() -> int | None:
    """The size of the captured stdout (a file the parent opened for appending), after a flush."""
    try:
        sys.stdout.flush()
        return os.fstat(1).st_size
    except BaseException:  # the student's code may have replaced sys.stdout or closed fd 1
        return None


def note_printed(tdir: str, before: int | None) -> None:
    """Which bytes of the captured stdout this test printed (``printed.json``: start, end)."""
    after = printed_so_far()
    if before is not None and after is not None and after > before:
        write_json(os.path.join(tdir, "printed.json"), {"start": before, "end": after})


# --------------------------------------------------------------------------- forbidden imports


def forbidden_where(found: str, files: list) -> dict:
    """File, line and source of a forbidden import found before loading ("line N: ...")."""
    head = found.split(":", 1)[0]
    if not head.startswith("line ") or not head[5:].isdigit() or not files:
        return {}
    import linecache

    line = int(head[5:])
    return {"file": os.path.basename(files[0]), "line": line, "text": linecache.getline(files[0], line).rstrip()[:200]}


def _forbidden_name(name: str, forbidden: dict) -> str | None:
    for prefix, message in forbidden.items():
        if name == prefix or name.startswith(prefix + "."):
            return message
    return None


def forbidden_imports(files: list, forbidden: dict) -> str | None:
    """The first forbidden import in the submission's source (``import x``, ``from x import``,
    ``__import__("x")``, ``importlib.import_module("x")``), as a message; parsed before it runs."""
    if not forbidden:
        return None
    import ast

    for path in files:
        try:
            with open(path, "rb") as f:
                tree = ast.parse(f.read(), path)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue  # loading it reports the problem
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                func = node.func
                fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if fname in ("__import__", "import_module"):
                    names = [node.args[0].value]
            for name in names:
                message = _forbidden_name(name, forbidden)
                if message:
                    return f"line {node.lineno}: {message}"
    return None


def install_import_guard(forbidden: dict, gpu_memory_mb: str | None = None) -> None:
    """First on ``sys.meta_path``: a forbidden module cannot be imported however it is named, and
    TensorFlow, when it loads, gets this worker's GPU memory cap (several workers share a GPU)."""
    import importlib.abc
    import importlib.machinery

    class Guard(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            message = _forbidden_name(name, forbidden)
            if message:
                raise ForbiddenImport(message, name=name)
            if name == "tensorflow" and gpu_memory_mb:
                spec = importlib.machinery.PathFinder.find_spec(name, path)
                if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _CappedLoader(spec.loader, int(gpu_memory_mb))
                return spec
            return None

    sys.meta_path.insert(0, Guard())


class _CappedLoader:
    def __init__(self, loader, memory_mb: int) -> None:
        self.loader, self.memory_mb = loader, memory_mb

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)
        try:
            for gpu in module.config.list_physical_devices("GPU"):
                module.config.set_logical_device_configuration(
                    gpu, [module.config.LogicalDeviceConfiguration(memory_limit=self.memory_mb)])
        except Exception:  # noqa: BLE001 - no GPU, or already initialised: growth still applies
            pass


def _hardened(expect: dict) -> bool:
    """Fail closed: verify, from inside, that the OS sandbox the parent asked for is in place."""
    try:
        return _check_hardening(expect)
    except BaseException:  # any surprise while checking counts as "not hardened"
        return False


def _check_hardening(expect: dict) -> bool:
    import errno

    if expect.get("no_network"):
        import socket

        if {name for _, name in socket.if_nameindex()} - {"lo"}:
            return False  # a real interface is visible: not in an empty network namespace
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(0.2)
            s.connect(("127.0.0.1", int(expect.get("probe_port", 9))))
            return False  # a connection went through: the network is not cut off
        except OSError as exc:
            # The parent listens on probe_port of the host's loopback: from a network namespace of
            # our own that port is closed (refused) or there is no route; anything else is suspect.
            if getattr(exc, "errno", None) not in (errno.ECONNREFUSED, errno.ENETUNREACH, errno.EACCES, errno.EPERM):
                return False
        finally:
            s.close()
    if expect.get("pid_namespace") and os.getppid() not in (0, 1):
        return False
    for path in expect.get("must_not_exist", []):
        if os.path.lexists(path):
            return False
    if expect.get("must_not_import"):
        import importlib.util

        for name in expect["must_not_import"]:
            if name in sys.modules or importlib.util.find_spec(name) is not None:
                return False
    if expect.get("max_processes") is not None:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        if hard == resource.RLIM_INFINITY or hard > int(expect["max_processes"]):
            return False
    return True


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # everything is on disk: skip the interpreter's teardown (NumPy's is slow)
