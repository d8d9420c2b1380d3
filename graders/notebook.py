"""Notebooks as submissions: turn code cells into a module the sandboxed child can load.

A notebook is never executed to be graded. Its code cells are read in order and only what
defines things is kept: imports, ``def``s, ``class``es and simple constant assignments
(literals, arithmetic, and calls on imported modules such as ``np.array([...])``). Everything
else (top-level training loops, plots, ``print``s, calls of the student's own functions, IPython
magics, ``!`` shell lines and ``%%`` cell magics) is left out and listed in the notes, so nothing
at the top level of a notebook can stall grading or touch the machine before the child's limits
apply. A cell that does not parse is reported with its cell number: each function it seems to
define becomes a function that raises a ``SyntaxError`` naming the cell, so the other cells are
still graded.

The same conversion serves three callers: ``nnlab check EX --file x.ipynb`` (``notebook_to_module``),
``check("exercise3")`` inside a running notebook (the kernel's cell history), and the nbgrader
test cells written by ``nnlab assign`` (``grade_task``), so a notebook gets the same grade everywhere.
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field

from .course import CourseError
from .prewarm import private_dir

# Imports of the grading engine are dropped: test cells and ``check`` calls are not the submission.
DROPPED_IMPORTS = ("graders",)
_MAGIC_LINE = re.compile(r"^\s*(%|!)")
_MAGIC_ASSIGN = re.compile(r"^\s*[\w.,\s\[\]()]+=\s*(%|!)")
_HELP_LINE = re.compile(r"^\s*[\w.]+\?\??\s*$|^\s*\?\??[\w.]+\s*$")
_DEF_LINE = re.compile(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", re.M)


@dataclass
class Conversion:
    """The module made from a notebook, and what was left out of it (``notes``)."""

    source: str
    notes: list = field(default_factory=list)
    broken: list = field(default_factory=list)  # cell labels that did not parse


# --------------------------------------------------------------------------- reading notebooks


def read_code_cells(path: str) -> list:
    """``[(label, source), ...]`` of the code cells of an .ipynb file, in order (label: "cell 3")."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except json.JSONDecodeError as exc:
        raise CourseError(f"{name}: not a valid notebook: broken JSON at line {exc.lineno}, column {exc.colno} "
                          f"({exc.msg}); was it saved completely?") from None
    except UnicodeDecodeError:
        raise CourseError(f"{name}: not a valid notebook: not UTF-8 text") from None
    except OSError as exc:
        raise CourseError(f"{name}: cannot read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise CourseError(f"{name}: not a valid notebook: expected a JSON object at the top level")
    cells = data.get("cells")
    if cells is None and isinstance(data.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in data["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])]
    if not isinstance(cells, list):
        raise CourseError(f"{name}: not a valid notebook: no list of cells")
    out = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            raise CourseError(f"{name}: not a valid notebook: cell {number} has no source text")
        out.append((f"cell {number}", source))
    return out


# --------------------------------------------------------------------------- converting


def strip_magics(source: str) -> tuple[str, list]:
    """Comment out IPython-only lines (``%magic``, ``!shell``, ``x = !ls``, ``obj?``).

    A cell starting with a ``%%`` cell magic is commented out entirely (its body is not Python,
    or is Python the magic would run in its own way). Returns (source, what was commented out).
    """
    lines = source.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if first.lstrip().startswith("%%"):
        return "\n".join("# " + ln for ln in lines), [first.strip()[:40]]
    found, out = [], []
    for ln in lines:
        if _MAGIC_LINE.match(ln) or _MAGIC_ASSIGN.match(ln) or _HELP_LINE.match(ln):
            found.append(ln.strip()[:40])
            indent = re.match(r"\s*", ln).group(0)
            out.append(f"{indent}pass  # {ln.strip()}")  # `pass` keeps an indented block valid
        else:
            out.append(ln)
    return "\n".join(out), found


def convert_cells(cells: list, name: str = "notebook") -> Conversion:
    """Build the module source from ``[(label, source)]`` code cells (see the module docstring)."""
    modules: set = set()
    parts = [f"# Converted by nnlab from {name}: only imports, functions, classes and constants are kept.\n"]
    notes, broken = [], []
    for label, source in cells:
        tree, text = _parse(source)
        if tree is None:
            text, magics = strip_magics(source)
            tree, text = _parse(text)
            if magics:
                notes.append(f"{label}: not run: {', '.join(magics)} (IPython magic or shell command)")
        if tree is None:
            broken.append(label)
            err = _syntax_error(text)
            notes.append(f"{label}: does not parse ({err}); its functions raise SyntaxError when called")
            parts.append(f"\n# ---- {label}: does not parse ({err}) ----\n")
            for fn in dict.fromkeys(_DEF_LINE.findall(source)):
                message = f"{label} of {name} does not parse ({err}), so `{fn}` was never defined"
                parts.append(f"\ndef {fn}(*args, _why={message!r}, **kwargs):\n    raise SyntaxError(_why)\n")
            continue
        kept, skipped = _keep(tree, text, modules)
        for what, line in skipped:
            notes.append(f"{label}: not run: {what} (line {line} of the cell)")
        if kept:
            parts.append(f"\n# ---- {label} ----\n" + "\n".join(kept) + "\n")
    return Conversion("".join(parts), notes, broken)


def _parse(text: str):
    try:
        return ast.parse(text), text
    except (SyntaxError, ValueError):  # ValueError: null bytes
        return None, text


def _syntax_error(text: str) -> str:
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return f"{exc.msg}, line {exc.lineno} of the cell"
    except ValueError as exc:
        return str(exc)
    return "syntax error"


def _keep(tree: ast.Module, text: str, modules: set) -> tuple[list, list]:
    """Source segments of the statements worth keeping, and ``(what, line)`` of the others."""
    lines = text.splitlines(keepends=True)
    kept, skipped = [], []
    checker_names: set = set()  # names from `from graders import ...`: calling them is nnlab's own cell
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        segment = "".join(lines[start - 1:node.end_lineno])
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id in checker_names:
            continue  # check(...), grade_task(...), plot(...): the notebook's own test and picture cells
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] in DROPPED_IMPORTS for n in names) and not getattr(node, "level", 0):
                if isinstance(node, ast.ImportFrom):
                    checker_names.update(a.asname or a.name for a in node.names)
                continue  # `from graders import check`: the checker, not the submission
            if isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
            kept.append(segment.rstrip("\n"))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kept.append(segment.rstrip("\n"))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and _simple_assignment(node, modules):
            kept.append(segment.rstrip("\n"))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a bare string or number: nothing to run
        elif isinstance(node, ast.Pass):
            continue
        else:
            skipped.append((_describe(node), node.lineno))
    return kept, skipped


_SIMPLE_NODES = (ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List, ast.Dict, ast.Set, ast.BinOp,
                 ast.UnaryOp, ast.operator, ast.unaryop, ast.Attribute, ast.Call, ast.keyword, ast.Starred,
                 ast.Subscript, ast.Slice)


def _simple_assignment(node, modules: set) -> bool:
    """``x = <literal / arithmetic / module.function(simple args)>`` with plain names as targets."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        names = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        if not all(isinstance(n, ast.Name) for n in names):
            return False
    value = node.value
    if value is None:
        return True
    for sub in ast.walk(value):
        if not isinstance(sub, _SIMPLE_NODES):
            return False
        if isinstance(sub, ast.Call):
            root = sub.func
            while isinstance(root, ast.Attribute):
                root = root.value
            if not (isinstance(sub.func, ast.Attribute) and isinstance(root, ast.Name) and root.id in modules):
                return False
    return True


def _describe(node) -> str:
    kinds = {ast.For: "for loop", ast.AsyncFor: "for loop", ast.While: "while loop", ast.If: "if block",
             ast.With: "with block", ast.Try: "try block", ast.Delete: "del", ast.AugAssign: "augmented assignment",
             ast.Global: "global", ast.Assert: "assert", ast.Raise: "raise"}
    for kind, text in kinds.items():
        if isinstance(node, kind):
            return text
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return f"call {_short(node.value.func)}(...)"
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        return "assignment computed by a call"
    return type(node).__name__.lower()


def _short(func) -> str:
    try:
        return ast.unparse(func)[:40]
    except Exception:  # pragma: no cover - unparse of odd nodes
        return "?"


# --------------------------------------------------------------------------- files


_TEMP_DIRS: list = []


def _cleanup() -> None:
    for d in _TEMP_DIRS:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_cleanup)


def write_module(conversion: Conversion, stem: str) -> str:
    """Write the converted source to a private temporary ``<stem>.py`` (removed at exit)."""
    directory = private_dir("nb-")
    _TEMP_DIRS.append(directory)
    path = os.path.join(directory, f"{stem}.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(conversion.source)
    return path


NOTEBOOK_MB = 64  # course.yml defaults.notebook_mb: a larger .ipynb is not parsed at all
MAX_CODE_BYTES = 512 * 2**10  # the code cells' source: more is no exercise (and costs the parser gigabytes)
PARSER_MEMORY_MB = 1024
PARSER_CPU_SECONDS = 20
PARSER_WALL_SECONDS = 30


def convert_notebook(path: str, notebook_mb: float = NOTEBOOK_MB) -> Conversion:
    """The module made from the notebook at ``path``, parsed under limits in a child process.

    The notebook is the student's: its JSON and its cells' Python are parsed in a child with a
    memory, CPU and wall-clock limit (a notebook of 100,000 nested lists, a cell ``x = ----...1``
    or megabytes of code would otherwise cost this process its memory or minutes). Every problem
    is a ``CourseError`` naming the limit that was hit.
    """
    name = os.path.basename(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise CourseError(f"{name}: cannot read ({exc.strerror})") from None
    if size > notebook_mb * 2**20:
        raise CourseError(f"{name}: the notebook is {size / 2**20:.1f} MB, over the course's {notebook_mb:g} MB "
                          "notebook size limit (notebook_mb); clear the outputs (Kernel > Restart & Clear Output) "
                          "and save again")
    return _convert_in_child(path, name)


def _convert_in_child(path: str, name: str) -> Conversion:
    import subprocess

    work = private_dir("nb-")
    out = os.path.join(work, "conversion.json")
    cmd = [sys.executable, "-I", "-c", "from graders.notebook import _child_main; _child_main()", path, out,
           str(PARSER_MEMORY_MB), str(PARSER_CPU_SECONDS)]
    try:
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=PARSER_WALL_SECONDS, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        except subprocess.TimeoutExpired:
            raise CourseError(f"{name}: reading the notebook took more than {PARSER_WALL_SECONDS} s "
                              "(the notebook parsing time limit)") from None
        try:
            with open(out, "rb") as f:
                data = json.loads(f.read(16 * 2**20))
        except (OSError, ValueError):
            if proc.returncode < 0:
                limit = (f"{PARSER_CPU_SECONDS} s CPU" if -proc.returncode == 24 else f"{PARSER_MEMORY_MB} MB memory")
                raise CourseError(f"{name}: reading the notebook was stopped by the parser's {limit} limit") from None
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            raise CourseError(f"{name}: the notebook could not be read ({tail[0][:200]})") from None
    finally:
        from .prewarm import remove_tree

        remove_tree(work)
    if "error" in data:
        raise CourseError(str(data["error"]))
    return Conversion(str(data["source"]), [str(n) for n in data["notes"]], [str(b) for b in data["broken"]])


def _child_main() -> None:
    """The parsing child: ``-c ... NOTEBOOK OUT MEMORY_MB CPU_S``; writes the conversion (or the error) as JSON."""
    import resource

    path, out, memory_mb, cpu = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    name = os.path.basename(path)
    sys.setrecursionlimit(10_000)
    try:
        cells = read_code_cells(path)
        code = sum(len(source.encode("utf-8", "surrogatepass")) for _, source in cells)
        if code > MAX_CODE_BYTES:
            raise CourseError(f"{name}: the code cells hold {code / 2**20:.1f} MB of source, over the "
                              f"{MAX_CODE_BYTES >> 10} KB notebook code limit (is data pasted into a cell?)")
        conversion = convert_cells(cells, name)
        notes = conversion.notes[:200] + ([f"... and {len(conversion.notes) - 200} more"] if len(conversion.notes) > 200 else [])
        result = {"source": conversion.source, "notes": notes, "broken": conversion.broken[:200]}
    except CourseError as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": f"{name}: reading the notebook needed more than the parser's {memory_mb} MB memory limit "
                           "(a cell nested or repeated far too deeply?)"}
    except RecursionError:
        result = {"error": f"{name}: the notebook is nested too deeply to read (the parser's nesting limit)"}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


def notebook_to_module(path: str, quiet: bool = False) -> str:
    """The path of a .py module holding the definitions of the notebook at ``path`` (removed at exit).

    What was left out is summarised on stderr (never on stdout, which ``--json`` owns).
    """
    conversion = convert_notebook(path)
    show_notes(conversion, path, quiet)
    stem = os.path.splitext(os.path.basename(path))[0]
    return write_module(conversion, f"{stem}_ipynb")


def show_notes(conversion: Conversion, path: str, quiet: bool = False) -> None:
    if conversion.notes and not quiet:
        more = len(conversion.notes) - 6
        shown = conversion.notes[:6] + ([f"... and {more} more"] if more > 0 else [])
        print(f"nnlab: note: {os.path.basename(path)}: only imports, functions, classes and constants are graded:\n  "
              + "\n  ".join(shown), file=sys.stderr)


# --------------------------------------------------------------------------- inside a kernel


def kernel_cells() -> list | None:
    """``[(label, source)]`` of the cells executed so far in this IPython kernel, or None outside one."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    ip = get_ipython()
    if ip is None:
        return None
    history = ip.user_ns.get("_ih") or getattr(getattr(ip, "history_manager", None), "input_hist_parsed", None)
    cells = [(f"In [{i}]", src) for i, src in enumerate(history or []) if isinstance(src, str) and src.strip()]
    return cells or namespace_cells(ip.user_ns)


def namespace_cells(namespace: dict) -> list:
    """A fallback without cell history: the sources of the functions and classes in ``namespace``
    (via ``inspect.getsource``), its module imports and its plain constants."""
    import inspect
    import types

    lines, defs = [], []
    for name, value in list(namespace.items()):
        if name.startswith("_"):
            continue
        if isinstance(value, types.ModuleType):
            lines.append(f"import {value.__name__} as {name}" if value.__name__ != name else f"import {name}")
        elif isinstance(value, (bool, int, float, str)) and not isinstance(value, type):
            lines.append(f"{name} = {value!r}")
        elif (inspect.isfunction(value) or inspect.isclass(value)) and getattr(value, "__module__", "") == "__main__":
            try:
                defs.append(textwrap.dedent(inspect.getsource(value)))
            except (OSError, TypeError):
                continue
    return [("namespace", "\n".join(lines + defs))] if lines or defs else []


def _in_jupyter() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and "IPKernelApp" in getattr(ip, "config", {})


def load_course(start: str | None = None):
    """The course of the current directory, else the one the installed ``graders`` package belongs to."""
    from . import course as course_module

    try:
        return course_module.load(start)
    except CourseError:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if os.path.isfile(os.path.join(here, course_module.COURSE_FILE)):
            return course_module.load(here)
        raise


def submission_from_kernel(exercise: str, file: str | None = None) -> tuple[str, list]:
    """(module path, notes) for what this process defined: the kernel's cells, or ``file``."""
    if file:
        if file.endswith(".ipynb"):
            conversion = convert_notebook(file)
            return write_module(conversion, "notebook"), conversion.notes
        return os.path.abspath(file), []
    cells = kernel_cells()
    if cells is None:  # a plain script calling check(): grade the script itself
        main = sys.modules.get("__main__")
        path = getattr(main, "__file__", None)
        if not path or not os.path.isfile(path):
            raise CourseError("check() grades the functions of a notebook or script; pass file=... to grade a file")
        conversion = convert_cells([("script", open(path, encoding="utf-8").read())], os.path.basename(path))
    else:
        conversion = convert_cells(cells, "this notebook")
    return write_module(conversion, exercise + "_notebook"), conversion.notes


def _seed_key() -> str:
    """Per-student seeds for hidden tests under ``nbgrader autograde`` (cwd autograded/<student>/<assignment>)."""
    parts = os.path.abspath(os.getcwd()).split(os.sep)
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" and len(parts) >= 3 and parts[-3] == "autograded":
        return f"nbgrader/{parts[-2]}"
    return "validate"


def _quietly(fn):
    """Run ``fn`` with warnings and Python-level stderr silenced (nbgrader zeroes a test cell with stderr)."""
    import contextlib
    import io
    import warnings

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        return fn()


_GRADED: dict = {}  # (exercise, task, submission digest) -> {"public": TaskResult, "hidden": TaskResult}
_COURSES: dict = {}


def _course_and_tasks(exercise: str):
    """The course, the exercise's config and its tasks, cached per process while course.yml is unchanged."""
    from . import course as course_module
    from . import pipeline

    course = None
    try:
        root = course_module.find_root()
    except CourseError:
        course = load_course()
        root = course.root
    path = os.path.join(root, course_module.COURSE_FILE)
    key = (path, os.path.getmtime(path), exercise)
    if key not in _COURSES:
        course = course or course_module.load(root)
        _COURSES[key] = (course, course.exercise(exercise), pipeline.load_tasks(course, exercise))
    return _COURSES[key]


def _task_result(course, config, task, path: str, hidden: bool):
    """One task's public (or hidden) tests on the module at ``path``.

    Under nbgrader, the public test cell also runs the hidden tests when the reference is at hand
    (one sandboxed child instead of two) and keeps them for the hidden-test call that follows.
    """
    import hashlib
    import importlib.util

    from . import pipeline
    from .results import score_task
    from .runner import Target

    with open(path, "rb") as f:
        key = (config.id, task.name, hashlib.sha256(f.read()).hexdigest())
    cached = _GRADED.get(key, {})
    part = "hidden" if hidden else "public"
    if part in cached:
        return cached[part]
    has_hidden = any(t.hidden for t in task.tests)
    reference_here = bool(config.reference) and importlib.util.find_spec(config.reference[0].split(".")[0]) is not None
    run_hidden = hidden or (has_hidden and reference_here and bool(os.environ.get("NBGRADER_EXECUTION")))
    target = Target(files=[path], forbidden=dict(config.forbidden_imports))
    result = pipeline.grade(course, config.id, target, hidden=run_hidden, public=not hidden,
                            seed_key=_seed_key(), tasks=[task]).tasks[0]
    points = config.tasks[task.name].points
    parts = {}
    for name, want in (("public", False), ("hidden", True)):
        tests = [t for t in result.tests if t.hidden == want]
        if tests or name == part:
            parts[name] = score_task(task.name, points, tests, config.partial_credit)
    _GRADED[key] = {**cached, **parts}
    return parts[part]


def grade_task(exercise: str, task: str, hidden: bool = False, file: str | None = None):
    """An nbgrader test cell: grade one task of the functions defined in this notebook.

    Runs the task's public tests (or, with ``hidden=True``, only its hidden tests) in the same
    sandboxed child as ``nnlab check`` and raises ``AssertionError`` with the same messages and
    hints when a test fails. With partial credit on in course.yml, returns the points instead.
    """
    def run():
        course, config, all_tasks = _course_and_tasks(exercise)
        tasks = [t for t in all_tasks if t.name == task]
        if not tasks:
            raise CourseError(f"{exercise} has no task {task!r}")
        path, _ = submission_from_kernel(exercise, file)
        return config, _task_result(course, config, tasks[0], path, hidden)

    try:
        config, outcome = _quietly(run)
    except CourseError as exc:  # raised afresh: no frame of nnlab's own code in the feedback's traceback
        raise AssertionError(without_paths(f"nnlab: {exc}")) from None
    except Exception as exc:  # noqa: BLE001 (a bug of nnlab: said in one line, the cell fails)
        raise AssertionError(without_paths(f"nnlab: internal error: {type(exc).__name__}: {exc}")) from None
    kind = "hidden tests" if hidden else "tests"
    failures = [t for t in outcome.tests if not t.passed]
    if not failures:
        print(f"{task}: {len(outcome.tests)}/{len(outcome.tests)} {kind} pass")
        return None
    lines = [f"{task}: {outcome.passed}/{len(outcome.tests)} {kind} pass"]
    for t in failures:
        lines.append(f"- {t.name}: {t.message}")
        if t.hint:
            lines.append(f"  hint: {t.hint}")
    message = without_paths("\n".join(lines))
    if config.partial_credit:
        print(message)
        return round(outcome.score, 6)
    raise AssertionError(message)


# nbgrader's feedback shows a failed test cell's traceback, and its one frame of nnlab's code
# (the raise above) would name where nnlab is installed: the frame is named package-relative.
grade_task.__code__ = grade_task.__code__.replace(co_filename=os.path.join("graders", "notebook.py"))
_ABSOLUTE_PY = re.compile(r"(?<![\w.])/(?:[^\s/:'\"<>]+/)+([^\s/:'\"<>]+\.py)\b")


def without_paths(text: str) -> str:
    """``text`` with every absolute path of a .py file cut to its file name (the grader's install
    dir, the temporary module made from the notebook): feedback names files, never directories."""
    return _ABSOLUTE_PY.sub(r"\1", text)


def check(exercise: str, file: str | None = None, *, hidden: bool = False, verbose: bool = False,
          hint: str | None = None, level: int | None = None):
    """Grade ``exercise`` on the functions defined in this notebook (or ``file``) and show the table.

    ``hint="softmax"`` shows a hint for that task instead of grading: the idea and where the
    instructions explain it, then, asked again (or with ``level=3``), the formula. Hints never
    change points.

    Never raises and never exits: a notebook kernel must survive a check. Returns the result
    (``.score``, ``.max_score``, ``.to_json()``), or None when the check could not run.
    """
    from . import pipeline
    from .results import ExerciseResult
    from .runner import Target

    if hint is not None:
        _show_hint(exercise, hint, level)
        return None
    try:
        course = load_course()
        course.exercise(exercise)
        path, notes = submission_from_kernel(exercise, file)
        target = Target(files=[path], forbidden=dict(course.exercise(exercise).forbidden_imports))
        result = _quietly(lambda: pipeline.grade(course, exercise, target, hidden=hidden))
    except CourseError as exc:
        print(f"nnlab: {exc}")
        return None
    except KeyboardInterrupt:
        print("nnlab: interrupted")
        return None
    except Exception as exc:  # a bug in nnlab must not take the student's kernel down
        print(f"nnlab: internal error: {type(exc).__name__}: {exc}")
        return None
    _show(result, notes, verbose)
    result.__class__ = type("CheckResult", (ExerciseResult,), {"__repr__": _short_repr})
    return result


def _show_hint(exercise: str, task: str, level: int | None) -> None:
    from .hints import format_hint, open_hint

    try:
        course = load_course()
        exercise = course.resolve(exercise)
        level, text = open_hint(course, exercise, task, level)
    except CourseError as exc:
        print(f"nnlab: {exc}")
        return
    except Exception as exc:  # a bug in nnlab must not take the student's kernel down
        print(f"nnlab: internal error: {type(exc).__name__}: {exc}")
        return
    print(format_hint(exercise, task, level, text, again="level=3"))


def _short_repr(result) -> str:
    from .report import _fmt

    return f"<{result.exercise}: {_fmt(result.score)}/{_fmt(result.max_score)} points>"


def _show(result, notes: list, verbose: bool) -> None:
    from rich.console import Console

    from .report import print_table

    if _in_jupyter():
        import io

        from IPython.display import HTML, display

        con = Console(record=True, file=io.StringIO(), width=110, force_jupyter=False)
        print_table(result, verbose=verbose, con=con, notebook=True)  # options as check() takes them
        if notes:
            con.print("[dim]not graded (only imports, functions, classes and constants are):[/dim]\n  "
                      + "\n  ".join(notes[:8]))
        display(HTML(con.export_html(inline_styles=True, code_format="<pre style='font-size:90%'>{code}</pre>")))
    else:
        print_table(result, verbose=verbose, notebook=True)
