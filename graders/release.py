"""``nnlab release``: the student handout, with no solutions, no hidden tests and no mutants in it.

The handout is a course folder a student can ``pip install -e`` to get ``nnlab``:

    course.yml                      the released exercises only
    exercises/<ex>/<ex>.py          the stub (signatures and docstrings, bodies raise NotImplementedError)
    exercises/<ex>/instructions.md
    exercises/<ex>/<ex>.ipynb       the notebook, solutions cleared and hidden tests removed
    graders/                        the grading engine, the public tests and their fixtures
    pyproject.toml, README.md

Hidden tests are cut out of each exercise's spec by source position (every call with
``hidden=True`` in a list of tests), private helpers left unused are dropped too, and the result
is verified by importing it with ``reference`` blocked: no hidden test may remain, and the spec
must load without the reference. Finally every reference function body is searched for in the
handout's text; a hit is an error, never a warning.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

from .course import COURSE_FILE, Course, CourseError

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = ".nnlab-handout"
SKIP_DIRS = {"__pycache__", "mutants", "exercises", "fixtures"}

PYPROJECT = '''\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "{title}: exercises and their public tests (student handout)"
requires-python = ">=3.10"
dependencies = ["numpy>=1.26", "click>=8.1", "pyyaml>=6.0", "rich>=13.0", "matplotlib>=3.7"]

[project.optional-dependencies]
tf = ["tensorflow-cpu>=2.16"]
data = ["scikit-learn>=1.3"]
notebook = ["jupyterlab", "ipykernel"]

[project.scripts]
nnlab = "graders.cli:main"

[tool.setuptools.packages.find]
include = ["graders*"]

[tool.setuptools.package-data]
graders = ["fixtures/*.npz", "templates/*"]
'''

README = '''\
# {title}

Your exercises are in `exercises/`: read `instructions.md`, fill in the functions of the
stub module (or the notebook), and check your work as often as you like:

    pip install -e .            # once: gives you the `nnlab` command
    nnlab list                  # exercises, points, your last check
    nnlab check exercise3       # grade exercises/exercise3/exercise3.py
    nnlab check exercise3 --file exercises/exercise3/exercise3.ipynb

In a notebook, `from graders import check; check("exercise3")` shows the same table.
These are the public tests; your final grade also runs hidden tests of the same kind, so
passing every public test is the best way to prepare for them.
'''


# --------------------------------------------------------------------------- hidden tests


def strip_hidden(source: str, filename: str = "<spec>") -> str:
    """The spec source without its hidden tests (calls with ``hidden=True``) and unused private helpers."""
    tree = ast.parse(source)
    removals = []
    for parent in ast.walk(tree):
        for container in ("elts",):
            for elt in getattr(parent, container, []) or []:
                if _is_hidden_call(elt):
                    removals.append(elt)
    listed = {id(n) for n in removals}
    for node in ast.walk(tree):
        if _is_hidden_call(node) and id(node) not in listed:
            raise CourseError(f"{filename}: line {node.lineno}: a hidden test outside a list of tests cannot be "
                              "cut out of the handout; put it directly in the task's list")
    source = _cut(source, removals, element=True)
    # Drop private top-level helpers nothing uses any more (they may exist only for hidden tests).
    while True:
        tree = ast.parse(source)
        unused = [node for node in tree.body if _private_name(node) and not _used_elsewhere(tree, node)]
        if not unused:
            break
        source = _cut(source, unused, element=False)
    return re.sub(r"\n{4,}", "\n\n\n", source)


def _is_hidden_call(node) -> bool:
    return isinstance(node, ast.Call) and any(
        k.arg == "hidden" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords)


def _private_name(node) -> str | None:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name.startswith("_"):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and node.targets[0].id.startswith("_"):
        return node.targets[0].id
    return None


def _used_elsewhere(tree: ast.Module, node) -> bool:
    name = _private_name(node)
    for other in tree.body:
        if other is node:
            continue
        if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(other)):
            return True
    return False


def _cut(source: str, nodes: list, element: bool) -> str:
    """Remove ``nodes`` from ``source`` by position (with a list element's comma, and emptied lines)."""
    data = source.encode()
    starts = [0]
    for line in data.split(b"\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans = []
    for node in nodes:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        start = starts[first - 1] + (node.col_offset if first == node.lineno else 0)
        end = starts[node.end_lineno - 1] + node.end_col_offset
        if element:  # the comma after the element
            j = end
            while j < len(data) and data[j:j + 1] in (b" ", b"\t"):
                j += 1
            if data[j:j + 1] == b",":
                end = j + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        line_end = data.find(b"\n", end)
        line_end = len(data) if line_end < 0 else line_end
        if not data[line_start:start].strip() and (not data[end:line_end].strip() or data[end:line_end].strip()
                                                   .startswith(b"#")):
            start, end = line_start, min(len(data), line_end + 1)  # whole lines
        spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        data = data[:start] + data[end:]
    return data.decode()


# --------------------------------------------------------------------------- leak scan


def reference_bodies(root: str) -> dict:
    """``{"module.function": body text}`` for every function in the reference package (docstrings excluded)."""
    bodies = {}
    ref = os.path.join(root, "reference")
    for dirpath, _, files in os.walk(ref):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            source = open(path, encoding="utf-8").read()
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                body = node.body
                if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                    body = body[1:]
                if not body:
                    continue
                text = "\n".join(lines[body[0].lineno - 1:body[-1].end_lineno])
                rel = os.path.relpath(path, root)
                bodies[f"{rel}:{node.name}"] = text
    return bodies


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def handout_texts(out: str) -> dict:
    """Every text file of the handout (notebooks as their cell sources), keyed by relative path."""
    texts = {}
    for dirpath, _, files in os.walk(out):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, out)
            if name.endswith(".npz"):
                continue
            try:
                text = open(path, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            if name.endswith(".ipynb"):
                nb = json.loads(text)
                text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                                 for c in nb.get("cells", []))
            texts[rel] = text
    return texts


def find_leaks(out: str, root: str, min_chars: int = 12) -> list:
    """``[(reference function, handout file)]`` where a reference body appears in the handout."""
    texts = {rel: _squash(t) for rel, t in handout_texts(out).items()}
    leaks = []
    for name, body in reference_bodies(root).items():
        squashed = _squash(body)
        if len(squashed) < min_chars:
            continue
        private = name.rsplit(":", 1)[1].startswith("_")
        for rel, text in texts.items():
            # A private helper may coincide with the grader's own plumbing (e.g. reading a Keras model);
            # what must never ship is a student function's body, or any reference code in exercises/.
            if private and not rel.startswith("exercises" + os.sep):
                continue
            if squashed in text:
                leaks.append((name, rel))
    return leaks


# --------------------------------------------------------------------------- the handout


def _copy_engine(out: str) -> None:
    for dirpath, dirs, files in os.walk(HERE):
        rel = os.path.relpath(dirpath, HERE)
        dirs[:] = [d for d in dirs if not (rel == "." and d in SKIP_DIRS) and d != "__pycache__"]
        target = os.path.join(out, "graders", rel)
        os.makedirs(target, exist_ok=True)
        for name in files:
            if name.endswith((".pyc", ".pyo")):
                continue
            shutil.copy2(os.path.join(dirpath, name), os.path.join(target, name))


def _course_yml(course: Course, exercises: list) -> str:
    with open(os.path.join(course.root, COURSE_FILE), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    data["exercises"] = {ex: data["exercises"][ex] for ex in exercises}
    return ("# The course handout: exercises, tasks, points and limits (written by `nnlab release`).\n"
            + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100))


def _verify_specs(out: str, exercises: list) -> None:
    """Import each stripped spec with ``reference`` blocked: it must load and hold no hidden test."""
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {out!r})\n"
        "sys.modules['reference'] = None\n"
        "import importlib\n"
        "report = {}\n"
        f"for ex in {exercises!r}:\n"
        "    m = importlib.import_module('graders.exercises.' + ex)\n"
        "    assert m.__file__.startswith(sys.path[0]), m.__file__\n"
        "    report[ex] = [t.name + '/' + x.name for t in m.TASKS for x in t.tests if x.hidden]\n"
        "print(json.dumps(report))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=out, timeout=300,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
        raise CourseError(f"the handout's test specs do not load without the reference:\n{tail}")
    left = {ex: names for ex, names in json.loads(proc.stdout.strip().splitlines()[-1]).items() if names}
    if left:
        raise CourseError(f"hidden tests survived the stripping: {left}")


def make_release(course: Course, exercise_ids: list, out: str, force: bool = False, echo=print) -> str:
    """Write the student handout for ``exercise_ids`` (default: every exercise ready to assign) to ``out``."""
    from . import fixtures
    from .assign import assignable, build_notebook, copy_linked_files, write_notebook
    from .stubs import make_stub

    out = os.path.abspath(out)
    if os.path.abspath(course.root) == out or os.path.abspath(course.root).startswith(out + os.sep):
        raise CourseError("--out must not be the course folder or one of its parents")
    if os.path.exists(out) and os.listdir(out):
        if not force:
            raise CourseError(f"{out} exists and is not empty (pass --force to replace a previous handout)")
        if not os.path.exists(os.path.join(out, MARKER)):
            raise CourseError(f"{out} is not a handout written by nnlab release; refusing to replace it")
        shutil.rmtree(out)
    exercises = assignable(course, exercise_ids)
    if not exercises:
        raise CourseError("no exercise is ready to release (each needs graders/exercises/<id>.py and its fixtures)")
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, MARKER), "w").close()
    _copy_engine(out)
    spec_dir = os.path.join(out, "graders", "exercises")
    os.makedirs(spec_dir, exist_ok=True)
    shutil.copy2(os.path.join(HERE, "exercises", "__init__.py"), spec_dir)
    os.makedirs(os.path.join(out, "graders", "fixtures"), exist_ok=True)
    from . import pipeline

    for ex in exercises:
        config = course.exercise(ex)
        spec_path = os.path.join(HERE, "exercises", f"{ex}.py")
        stripped = strip_hidden(open(spec_path, encoding="utf-8").read(), os.path.relpath(spec_path, course.root))
        with open(os.path.join(spec_dir, f"{ex}.py"), "w", encoding="utf-8") as f:
            f.write(stripped)
        shutil.copy2(fixtures.path_for(ex), os.path.join(out, "graders", "fixtures", f"{ex}.npz"))
        ex_dir = os.path.join(out, "exercises", ex)
        os.makedirs(ex_dir, exist_ok=True)
        stub = course.student_path(ex)
        if os.path.isfile(stub):
            shutil.copy2(stub, os.path.join(ex_dir, config.student_file))
        else:
            functions = list(dict.fromkeys(f for t in pipeline.load_tasks(course, ex) for f in t.functions))
            with open(os.path.join(ex_dir, config.student_file), "w", encoding="utf-8") as f:
                f.write(make_stub(ex, config.title, config.reference, functions))
        instructions = os.path.join(course.exercise_dir(ex), "instructions.md")
        if os.path.isfile(instructions):
            shutil.copy2(instructions, ex_dir)
            copy_linked_files(instructions, ex_dir)  # the pictures and pages its links point to
        write_notebook(build_notebook(course, ex, student=True), os.path.join(ex_dir, f"{ex}.ipynb"))
        echo(f"{ex}: stub, instructions, notebook and public tests")
    with open(os.path.join(out, COURSE_FILE), "w", encoding="utf-8") as f:
        f.write(_course_yml(course, exercises))
    with open(os.path.join(out, "pyproject.toml"), "w", encoding="utf-8") as f:
        f.write(PYPROJECT.format(name=f"{course.id}-handout", version=_version(), title=course.name))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.format(title=course.name))
    _verify_specs(out, exercises)
    leaks = find_leaks(out, course.root)
    if leaks:
        shown = ", ".join(f"{fn} in {rel}" for fn, rel in leaks[:5])
        raise CourseError(f"reference code would leak into the handout ({shown}); {out} is incomplete, do not ship it")
    echo(f"handout for {len(exercises)} exercise(s) -> {out}  (students: pip install -e {os.path.basename(out)})")
    return out


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("nnlab")
    except Exception:
        return "0.1.0"
