"""``nnlab assign``: a real nbgrader course built from course.yml, the instructions and the reference.

For each exercise, ``source/<ex>/<ex>.ipynb`` holds:

* the instructions (``exercises/<ex>/instructions.md``) as read-only markdown cells, each
  function's section placed before its solution cell;
* a read-only setup cell with the imports the reference uses;
* per student function, a solution cell: the reference function with its body between
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (signature and docstring stay visible; private
  helpers and constants the body needs are nested inside the solution region, so none leak);
* per task, a locked autograded test cell worth the task's points. It calls
  ``graders.notebook.grade_task``, which grades the notebook's own definitions in the same
  sandboxed child as ``nnlab check`` and raises ``AssertionError`` with the same messages and
  hints; the hidden tests run between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``.

The source is read with ``ast`` (reference modules are never imported, so TensorFlow stays
unloaded), and ``nbgrader generate_assignment`` itself produces ``release/``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import zlib
from dataclasses import dataclass, field

from .course import Course, CourseError
from .stubs import indent_doc, student_doc

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
# stderr that must never zero a correct answer (nbgrader fails a test cell on any stderr output).
IGNORE_STDERR = r"(?i)(warning|deprecat|nnpack|onednn|cuda|tensorflow|absl|xla|cpu_feature_guard)"
SCHEMA_VERSION = 3

CONFIG_TEMPLATE = '''\
# nbgrader configuration written by `nnlab assign` (regenerate rather than edit by hand).
#
# TRUST: as in any nbgrader assignment, the test cells run in the same kernel as the student's
# own cells, so a student's cell can tamper with them (e.g. replace the grading function) and
# `nbgrader autograde` would record full marks. The trusted grade is nnlab's, which grades each
# notebook's definitions in a sandboxed child, outside the student's kernel:
#     nnlab grade {shown}/submitted --out {shown}/nnlab-grades
# It also reports every submission where nbgrader's gradebook.db says otherwise.
c = get_config()  # noqa: F821

c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = {db_url!r}
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# release_assignment, fetch_assignment, submit and collect go through this folder (nbgrader's
# default is /usr/local/share/nbgrader/exchange); `nnlab assign --exchange DIR` chooses another.
c.Exchange.root = {exchange!r}

# One test cell runs one task's tests in nnlab's sandboxed child, whose own limits come from
# course.yml (submission_seconds = {submission:g} s); the cell timeout leaves room for start-up.
c.Execute.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0

# nbgrader gives 0 to a test cell with any stderr output: library warnings must not cost points.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = {ignore!r}

c.OverwriteCells.add_missing_cells = True   # re-add test cells a student deleted
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.begin_solution_delimeter = {begin_solution!r}
c.ClearSolutions.end_solution_delimeter = {end_solution!r}
c.ClearHiddenTests.begin_test_delimeter = {begin_hidden!r}
c.ClearHiddenTests.end_test_delimeter = {end_hidden!r}
'''


# --------------------------------------------------------------------------- reference source


@dataclass
class _Module:
    name: str
    path: str
    tree: ast.Module
    lines: list
    defs: dict = field(default_factory=dict)  # name -> node (def, class, assignment)
    imports: dict = field(default_factory=dict)  # bound name -> (import node, imported module, original name)


_MODULES: dict = {}


def _module(name: str) -> _Module:
    if name not in _MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            raise CourseError(f"cannot find the source of reference module {name}")
        source = open(spec.origin, encoding="utf-8").read()
        mod = _Module(name, spec.origin, ast.parse(source), source.splitlines())
        for node in mod.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                mod.defs[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for n in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]):
                        if isinstance(n, ast.Name) and n.id != "__all__":
                            mod.defs[n.id] = node
            elif isinstance(node, ast.Import):
                for a in node.names:
                    mod.imports[(a.asname or a.name).split(".")[0]] = (node, a.name, None)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, node)
                for a in node.names:
                    mod.imports[a.asname or a.name] = (node, base, a.name)
        _MODULES[name] = mod
    return _MODULES[name]


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")[: -node.level]
    return ".".join(parts + ([node.module] if node.module else []))


def _is_reference(module: str) -> bool:
    return module == "reference" or module.startswith("reference.")


def _segment(mod: _Module, node) -> str:
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n".join(mod.lines[start - 1:node.end_lineno])


def _used_names(node) -> list:
    return list(dict.fromkeys(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)))


class _Collector:
    """The helpers (private functions, constants) and imports a graded function needs."""

    def __init__(self, graded: set, namespace: dict):
        self.graded = graded
        self.namespace = namespace  # graded name -> module defining it (for the exercise)
        self.imports: list = []

    def needs(self, mod: _Module, node, seen: set | None = None) -> list:
        seen = set() if seen is None else seen
        helpers: list = []
        for name in _used_names(node):
            self._resolve(mod, name, helpers, seen, top=node)
        return helpers

    def _resolve(self, mod: _Module, name: str, helpers: list, seen: set, top) -> None:
        if name in self.graded:
            return
        if name in mod.defs:
            target = mod.defs[name]
            if target is top or (mod.name, name) in seen:
                return
            seen.add((mod.name, name))
            helpers.extend(h for h in self.needs(mod, target, seen) if h not in helpers)
            text = _segment(mod, target)
            if text not in helpers:
                helpers.append(text)
        elif name in mod.imports:
            node, base, original = mod.imports[name]
            if _is_reference(base):
                if original is None:
                    raise CourseError(f"{mod.name}: `import {base}` cannot be inlined into a notebook; "
                                      f"use `from {base} import name`")
                if original in self.graded:
                    return
                self._resolve(_module(base), original, helpers, seen, top)
            else:
                text = _segment(mod, node)
                if text not in self.imports:
                    self.imports.append(text)


def _external_imports(modules: list) -> list:
    out = []
    for name in modules:
        mod = _module(name)
        for node in mod.tree.body:
            if isinstance(node, ast.Import) and not any(_is_reference(a.name) for a in node.names):
                out.append(_segment(mod, node))
            elif isinstance(node, ast.ImportFrom) and not _is_reference(_absolute(name, node)) \
                    and node.module != "__future__":
                out.append(_segment(mod, node))
    return list(dict.fromkeys(out))


def solution_source(mod: _Module, node, helpers: list) -> str:
    """The function with its body (after the docstring) and ``helpers`` inside a solution region."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise CourseError(f"{mod.name}: {getattr(node, 'name', '?')} is not a function")
    body = node.body
    has_doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
        and isinstance(body[0].value.value, str)
    head_end = body[0].end_lineno if has_doc else body[0].lineno - 1
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    first_stmt = body[1] if has_doc and len(body) > 1 else (None if has_doc else body[0])
    if first_stmt is None or head_end < node.lineno or (has_doc and body[0].lineno == node.lineno):
        raise CourseError(f"{mod.name}: {node.name}: write the body on its own lines (needed for the notebook)")
    head = mod.lines[start - 1:head_end]
    if has_doc:  # students see the contract part only (stubs.student_doc); the teaching part stays here
        doc = student_doc(ast.get_docstring(node, clean=True))
        head = mod.lines[start - 1:body[0].lineno - 1] + indent_doc(doc, " " * body[0].col_offset).splitlines()
    rest = mod.lines[head_end:node.end_lineno]
    indent = re.match(r"\s*", mod.lines[first_stmt.lineno - 1]).group(0)
    inner = []
    for text in helpers:
        inner.extend(textwrap.indent(textwrap.dedent(text), indent).splitlines())
        inner.append("")
    while rest and not rest[0].strip():
        rest = rest[1:]
    return "\n".join(head + [indent + BEGIN_SOLUTION] + inner + rest + [indent + END_SOLUTION])


# --------------------------------------------------------------------------- instructions


_HEADING = re.compile(r"(#{1,6})\s+(.*)")


def heading_function(heading: str, functions) -> str | None:
    """The function a heading is about: its text starts with the name, after any numbering ("3.")
    and backticks, e.g. "## 3. `neuron(x, w, b, activation="sigmoid")`" is about ``neuron`` only."""
    text = re.sub(r"^(?:\d+[.)]\s*)+", "", heading.strip()).lstrip("`*_ ")
    return next((fn for fn in sorted(functions, key=len, reverse=True) if re.match(rf"{re.escape(fn)}(?!\w)", text)),
                None)


def instruction_sections(course: Course, exercise_id: str, task_functions: dict) -> tuple[str, dict, str]:
    """(intro, {task: markdown}, outro) from instructions.md, split at headings that start with a task's
    function name. Text under a heading that names no function belongs to the task above it when it is
    a sub-heading of that task's, else it is a preamble of the next task (or the outro after the last)."""
    config = course.exercise(exercise_id)
    path = os.path.join(course.exercise_dir(exercise_id), "instructions.md")
    if not os.path.isfile(path):
        return f"# {exercise_id}: {config.title}\n", {}, ""
    text = open(path, encoding="utf-8").read()
    sections, current, fence = [], [], False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and _HEADING.match(line) and current:
            sections.append(current)
            current = []
        current.append(line)
    if current:
        sections.append(current)
    owner_of = {fn: task for task, fns in task_functions.items() for fn in fns}
    intro, by_task, pending = [], {}, []
    bucket, level = intro, 0
    for sec in sections:
        match = _HEADING.match(sec[0])
        hlevel = len(match.group(1)) if match else 0
        fn = heading_function(match.group(2), owner_of) if match else None
        if fn is not None:
            bucket, level = by_task.setdefault(owner_of[fn], []), hlevel
            bucket.extend(pending)
            pending = []
            bucket.extend(sec)
        elif bucket is intro or (match and hlevel > level) or not match:
            bucket.extend(sec)
        else:
            pending.extend(sec)
            bucket = pending
            level = hlevel
    return "\n".join(intro).strip() + "\n", {k: "\n".join(v).strip() + "\n" for k, v in by_task.items()}, \
        "\n".join(pending).strip()


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")


def local_links(markdown: str) -> list:
    """The relative paths a markdown text links to (images and pages; no URLs, no in-page anchors)."""
    found = []
    for target in _LINK.findall(markdown):
        target = target.split("#", 1)[0]
        if target and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target) and target not in found:
            found.append(target)
    return found


def copy_linked_files(markdown_path: str, dest_dir: str) -> list:
    """Copy every file ``markdown_path`` links to into ``dest_dir`` (same relative paths); a link to a
    missing file or to one outside the markdown's folder is a course error (the copy would be broken)."""
    import shutil

    folder = os.path.dirname(os.path.abspath(markdown_path))
    with open(markdown_path, encoding="utf-8") as f:
        links = local_links(f.read())
    copied = []
    for rel in links:
        source = os.path.normpath(os.path.join(folder, rel))
        if not source.startswith(folder + os.sep) or not os.path.isfile(source):
            raise CourseError(f"{os.path.relpath(markdown_path)} links to {rel}, which is not a file in "
                              f"{os.path.basename(folder)}/ (the handout could not ship it)")
        target = os.path.join(dest_dir, os.path.relpath(source, folder))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)
        copied.append(target)
    return copied


# --------------------------------------------------------------------------- the notebook


def _cell(kind: str, source: str, grade_id: str | None = None, *, solution=False, grade=False, locked=False,
          points=None) -> dict:
    cell = {"cell_type": kind, "id": (grade_id or f"c{zlib.crc32(source.encode()):08x}").replace("_", "-")[:64],
            "metadata": {}, "source": source}
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    if grade_id:
        meta = {"schema_version": SCHEMA_VERSION, "grade": grade, "solution": solution, "locked": locked,
                "task": False, "grade_id": grade_id}
        if grade:
            meta["points"] = points
        cell["metadata"]["nbgrader"] = meta
        if locked:
            cell["metadata"]["deletable"] = False
            cell["metadata"]["editable"] = False
    return cell


def _test_cell_source(exercise_id: str, task) -> str:
    public = [t.name for t in task.tests if not t.hidden]
    hidden = [t.name for t in task.tests if t.hidden]
    lines = [f"# Tests of `{task.name}`: the same tests and messages as `nnlab check {exercise_id}`."]
    lines += [f"#   - {name}" for name in public]
    lines += ["# A failing test raises AssertionError saying what is wrong, with a hint.",
              "from graders.notebook import grade_task", "",
              f"grade_task({exercise_id!r}, {task.name!r})"]
    if hidden:
        lines += [BEGIN_HIDDEN, "# hidden tests: " + "; ".join(hidden),
                  f"grade_task({exercise_id!r}, {task.name!r}, hidden=True)", END_HIDDEN]
    return "\n".join(lines)


NOTEBOOK_HOW = ("Fill in the code cells below (each marked `YOUR CODE HERE`) and run the test cell after each "
                "one: it grades that function with the same tests and messages as `nnlab check`. The picture "
                "cells draw your own functions, and `check(...)` at the end grades everything.\n")


def for_the_notebook(intro: str, exercise_id: str) -> str:
    """The intro as a notebook shows it: "edit exerciseN.py ... nnlab check exerciseN" becomes "fill in the
    cells below" (the instructions file keeps its words for the terminal)."""
    ex = re.escape(exercise_id)
    how = re.compile(rf"^[^\n]*`{ex}\.py`[^\n]*\n(?:[^\n]+\n)*\n*(?:```\w*\n)?[ \t]*nnlab check {ex}\b[^\n]*\n(?:```\n)?",
                     re.M)
    text, found = how.subn(lambda m: NOTEBOOK_HOW, intro, count=1)
    return text if found else intro.rstrip() + "\n\n" + NOTEBOOK_HOW


def _states_points(text: str, functions) -> bool:
    """Whether the heading of a function in ``text`` already gives the task's points."""
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match and heading_function(match.group(2), functions) and re.search(r"\bpoints?\b", line):
            return True
    return False


def _plot_cells_after(exercise_id: str, tasks: list) -> dict:
    """{task: [plot names]}: each picture right after the last of the tasks it draws."""
    from .plots import plots_for

    order = [t.name for t in tasks]
    after: dict = {}
    for plot in plots_for(exercise_id):
        drawn = [t for t in plot.tasks if t in order]
        if drawn:
            after.setdefault(max(drawn, key=order.index), []).append(plot.name)
    return after


def _plot_cell_source(exercise_id: str, plot_name: str) -> str:
    return (f"# A picture drawn from your own functions above (the same as `nnlab plot {exercise_id} {plot_name}`).\n"
            "from graders import plot\n\n"
            f"plot({exercise_id!r}, {plot_name!r})")


def build_notebook(course: Course, exercise_id: str, student: bool = False) -> dict:
    """The exercise's nbgrader source notebook (``student=True``: solutions and hidden tests cleared)."""
    from . import pipeline

    config = course.exercise(exercise_id)
    tasks = pipeline.load_tasks(course, exercise_id)
    graded = {fn for t in tasks for fn in t.functions}
    owner: dict = {}
    for name in config.reference:
        for fn, node in _module(name).defs.items():
            if fn in graded and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner[fn] = name  # later modules win, as in the merged namespace
    missing = sorted(graded - set(owner))
    if missing:
        raise CourseError(f"{exercise_id}: the reference ({', '.join(config.reference)}) lacks {', '.join(missing)}")
    collector = _Collector(graded, owner)
    intro, sections, outro = instruction_sections(course, exercise_id, {t.name: t.functions for t in tasks})
    cells = [_cell("markdown", for_the_notebook(intro, exercise_id) + f"\n*{_fmt(config.max_score)} points in all.*",
                   "instructions", locked=True)]
    plot_after = _plot_cells_after(exercise_id, tasks)
    solutions, done = [], set()
    for task in tasks:
        cells_for_task = []
        for fn in task.functions:
            if fn in done:
                continue
            done.add(fn)
            mod = _module(owner[fn])
            node = mod.defs[fn]
            helpers = collector.needs(mod, node)
            source = solution_source(mod, node, helpers)
            cells_for_task.append(_cell("code", source, f"solution_{fn}", solution=True))
        points = config.tasks[task.name].points
        text = sections.get(task.name) or f"## `{task.name}`\n"
        if not _states_points(text, task.functions):  # points once per task: the heading usually says them
            text = text.rstrip() + f"\n\n*{_fmt(points)} point{'s' if points != 1 else ''}.*"
        cells.append(_cell("markdown", text.rstrip(), f"md_{task.name}", locked=True))
        cells.extend(cells_for_task)
        solutions.extend(cells_for_task)
        cells.append(_cell("code", _test_cell_source(exercise_id, task), f"test_{task.name}", grade=True,
                           locked=True, points=points))
        for name in plot_after.get(task.name, []):
            cells.append(_cell("code", _plot_cell_source(exercise_id, name)))
    imports = list(dict.fromkeys(_external_imports(config.reference) + collector.imports))
    cells.insert(1, _cell("code", "\n".join(imports) if imports else "# (no imports needed)", "setup", locked=True))
    if outro:
        cells.append(_cell("markdown", outro, "md_outro", locked=True))
    cells.append(_cell("markdown", "## Check everything\n\nThe same table as `nnlab check` in a terminal:"))
    cells.append(_cell("code", f"from graders import check\n\ncheck({exercise_id!r})"))
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "nnlab": {"exercise": exercise_id},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return clear_for_students(nb) if student else nb


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def clear_for_students(nb: dict) -> dict:
    """What nbgrader's ClearSolutions + ClearHiddenTests do: stub the solution regions, drop hidden tests."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        cell["source"] = replace_regions(cell["source"], BEGIN_SOLUTION, END_SOLUTION, CODE_STUB.split("\n"))
        cell["source"] = replace_regions(cell["source"], BEGIN_HIDDEN, END_HIDDEN, None)
    return nb


def replace_regions(source: str, begin: str, end: str, stub: list | None) -> str:
    out, inside = [], False
    for line in source.split("\n"):
        if not inside and line.strip() == begin:
            inside = True
            if stub is not None:
                indent = re.match(r"\s*", line).group(0)
                out.extend(indent + s for s in stub)
        elif inside and line.strip() == end:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise CourseError(f"unterminated {begin!r} region")
    return "\n".join(out)


def solution_module(nb: dict) -> str:
    """The reference answer as one .py: the setup imports and every solution cell, markers removed."""
    parts = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and (meta.get("solution") or meta.get("grade_id") == "setup"):
            lines = [ln for ln in cell["source"].split("\n") if ln.strip() not in (BEGIN_SOLUTION, END_SOLUTION)]
            parts.append("\n".join(lines))
    return "\n\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- the course


def assignable(course: Course, exercise_ids: list | None) -> list:
    """The exercises to assign: those named, or every exercise with a grader spec and fixtures."""
    from . import fixtures

    if exercise_ids:
        for ex in exercise_ids:
            course.exercise(ex)
        return list(exercise_ids)
    ready = []
    for ex in course.exercises:
        spec = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exercises", f"{ex}.py")
        if os.path.isfile(spec) and os.path.isfile(fixtures.path_for(ex)):
            ready.append(ex)
    return ready


def write_config(course: Course, exercise_ids: list, course_dir: str, exchange: str | None = None) -> str:
    """The course dir's nbgrader_config.py; the exchange is ``COURSE_DIR/exchange`` unless given."""
    root = os.path.abspath(course_dir)
    submission = max(course.exercise(ex).limits.submission_seconds for ex in exercise_ids)
    text = CONFIG_TEMPLATE.format(
        root=root, shown=root if root.isprintable() else repr(root),
        exchange=os.path.abspath(exchange) if exchange else os.path.join(root, "exchange"),
        course_id=course.id, db_url="sqlite:///" + os.path.join(root, "gradebook.db"),
        submission=submission, timeout=int(submission) + 120, ignore=IGNORE_STDERR, stub=CODE_STUB,
        begin_solution=BEGIN_SOLUTION, end_solution=END_SOLUTION, begin_hidden=BEGIN_HIDDEN, end_hidden=END_HIDDEN)
    path = os.path.join(root, "nbgrader_config.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


README_TEMPLATE = """\
# {course_id}: nbgrader course written by `nnlab assign`

`source/` holds the instructor notebooks, `release/` the student versions
(`nbgrader generate_assignment`), `nbgrader_config.py` the settings, and `exchange/` the nbgrader
exchange that `release_assignment`, `fetch_assignment`, `submit` and `collect` use
(`nnlab assign --exchange DIR` puts it elsewhere, e.g. a folder shared with students).

## What students install

Every test cell runs `from graders.notebook import grade_task`: the tests run in nnlab's
sandboxed child, so students need the handout package in the Jupyter environment that runs their
notebook. Give them the handout (`nnlab release EXERCISES --out handout`), and have them run once

```
pip install -e handout/
```

The handout holds the public tests and their fixtures, never the reference solutions or the
hidden tests. A notebook opened without it fails every test cell with
`ModuleNotFoundError: No module named 'graders'`.

## Which grade to trust

As in any nbgrader assignment, the autograded test cells run in the same Jupyter kernel as the
student's own cells. A student's cell can therefore tamper with the tests (for example replace
the grading function, or patch NumPy's comparisons), and `nbgrader autograde` then records full
marks. Use nbgrader's grades as feedback for students, not as the grade.

The trusted grade is nnlab's: it grades the definitions of each submitted notebook in a
sandboxed child process, outside the student's kernel, with the same public and hidden tests:

```
nnlab grade {root}/submitted --out {root}/nnlab-grades
```

Run it from the course repository ({repo}, where course.yml is), or from anywhere as
`nnlab --course {repo} grade ...`, with the course secret set. It writes a gradebook, the feedback pages with a class
overview (`nnlab-grades/feedback/index.html`) and exports under `nnlab-grades/`, and lists every
submission where nbgrader's `gradebook.db` disagrees.

## "Attribute 'checksum' for cell test_... has changed!"

`nbgrader autograde` prints this warning for every test cell that holds hidden tests
({hidden_cells} per submission here), for every student, even when nobody touched the cell. The
released cell is the instructor's cell with its `### BEGIN HIDDEN TESTS` region removed, so its
checksum cannot match the one nbgrader stored from `source/`; autograde then puts the stored
cell back, which is how the hidden tests (`grade_task(..., hidden=True)`, inputs drawn per
student from the course secret) get into the graded notebook. The warning is expected, and it
cannot tell an edited test cell from an untouched one: nbgrader restores both. Real tampering
shows up instead where `nnlab grade` and nbgrader disagree.
"""


def write_readme(course: Course, course_dir: str, exercise_ids: list | None = None) -> str:
    """The course dir's README.md: how the notebooks are built, what students install, which
    grade to trust, and what autograde's checksum warnings mean."""
    root = os.path.abspath(course_dir)
    path = os.path.join(root, "README.md")
    hidden = _hidden_cells(course, exercise_ids or [])
    with open(path, "w", encoding="utf-8") as f:
        f.write(README_TEMPLATE.format(course_id=course.id, root=root, repo=course.root,
                                       hidden_cells=" or ".join(sorted({str(n) for n in hidden.values()}))
                                       or "one"))
    return path


def _hidden_cells(course: Course, exercise_ids: list) -> dict:
    """{exercise: how many of its test cells hold hidden tests} (one test cell per task)."""
    from . import pipeline

    counts = {}
    for ex in exercise_ids:
        try:
            tasks = pipeline.load_tasks(course, ex)
        except Exception:  # noqa: BLE001 (only the README's count)
            continue
        counts[ex] = sum(any(t.hidden for t in task.tests) for task in tasks)
    return counts


def write_notebook(nb: dict, path: str) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return path


def nbgrader(args: list, course_dir: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course_dir`` with this interpreter (its kernel can import graders)."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    env = dict(os.environ, PYTHONWARNINGS="ignore", TF_CPP_MIN_LOG_LEVEL="3")
    # nbgrader runs `alembic` (and jupyter) from PATH: use the ones next to this interpreter.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    try:
        return subprocess.run(cmd, cwd=course_dir, env=env, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:  # pragma: no cover
        raise CourseError("nbgrader is not installed: pip install 'nnlab[nbgrader]'") from None


def assign_course(course: Course, exercise_ids: list | None, course_dir: str, generate: bool = True,
                  echo=print, exchange: str | None = None) -> list:
    """Write the nbgrader course for ``exercise_ids`` and run ``nbgrader generate_assignment``."""
    exercises = assignable(course, exercise_ids)
    if not exercises:
        raise CourseError("no exercise is ready to assign (each needs graders/exercises/<id>.py and its fixtures)")
    if generate and importlib.util.find_spec("nbgrader") is None:
        raise CourseError("nbgrader is not installed: pip install 'nnlab[nbgrader]' (or pass --no-generate)")
    os.makedirs(course_dir, exist_ok=True)
    config_path = write_config(course, exercises, course_dir, exchange)
    echo(f"wrote {config_path}")
    echo(f"wrote {write_readme(course, course_dir, exercises)} (the trusted grade: nnlab grade "
         f"{os.path.join(os.path.abspath(course_dir), 'submitted')} --out ...)")
    written = []
    for ex in exercises:
        nb = build_notebook(course, ex)
        path = write_notebook(nb, os.path.join(os.path.abspath(course_dir), "source", ex, f"{ex}.ipynb"))
        instructions = os.path.join(course.exercise_dir(ex), "instructions.md")
        if os.path.isfile(instructions):  # the pictures the notebook's text links to sit next to it
            copy_linked_files(instructions, os.path.dirname(path))
        written.append(path)
        echo(f"{ex}: wrote {path}")
        if generate:
            proc = nbgrader(["generate_assignment", ex, "--force"], course_dir)
            release = os.path.join(os.path.abspath(course_dir), "release", ex, f"{ex}.ipynb")
            if proc.returncode != 0 or not os.path.isfile(release):
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
                raise CourseError(f"nbgrader generate_assignment {ex} failed (exit {proc.returncode}):\n{tail}")
            echo(f"{ex}: nbgrader generate_assignment -> {release}")
    return written
