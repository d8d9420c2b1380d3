"""``nnlab release``: the student handout, with no solutions, no hidden tests and no mutants in it.

The handout is a course folder a student can ``pip install -e`` to get ``nnlab``:

    course.yml                      the released exercises only
    exercises/<ex>/<ex>.py          the stub (signatures and docstrings, bodies raise NotImplementedError)
    exercises/<ex>/instructions.md
    exercises/<ex>/<ex>.ipynb       the notebook, solutions cleared and hidden tests removed
    graders/                        the grading engine, the public tests and their fixtures
    pyproject.toml, README.md

Each student module is generated from the reference's signatures and student-facing docstrings
(``nnlab stubs``), never copied from the working copy, which may hold an instructor's answers.
Each exercise's public spec file is copied as it is; ``<ex>_hidden.py`` (hidden tests and the
helpers that compute graded quantities), mutants and the reference never ship. The specs are
then imported with ``reference`` blocked (they must load and hold no hidden test), and the whole
handout is scanned for reference code (``graders/leaks.py``): a hit is an error, never a warning.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import yaml

from . import leaks
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
    nnlab plot exercise3        # pictures drawn from your own functions (.nnlab/plots/)

In a notebook, `from graders import check; check("exercise3")` shows the same table.
These are the public tests; your final grade also runs hidden tests of the same kind, so
passing every public test is the best way to prepare for them.
'''


# --------------------------------------------------------------------------- no answers

# Reference code that may appear in the handout because the engine needs the same one-line glue
# (what the leak scan reports, as ``ast.unparse`` writes it, or a whitespace-free line). Every
# entry says why it is not an answer; anything else the scan finds stops the release.
ALLOWED_GLUE: dict = {
    # NumPy and model plumbing that any grader code needs and that answers no task by itself.
    "x = np.asarray(x, dtype=float)": "callables: a test's f(x) takes lists and scalars too",
    "np.asarray(X, dtype=np.float64)": "callables: Keras gets float64 inputs",
    "2 ** 31 - 1": "a seed range for the Rng a test passes",
    "rng.integers(2 ** 31)": "a seed range for the Rng a test passes",
    "int(rng.integers(2 ** 31))": "a seed range for the Rng a test passes",
    "range(1, L + 1)": "the contract's layer numbers 1..L (params keys W1..WL)",
    "[f'{kind}{layer}' for layer in range(1, L + 1) for kind in 'Wb']":
        "the contract's params keys W1, b1, ..., WL, bL, which exercise4's gradient checks perturb",
    # Reading a Keras model back (architecture, weights) in the child: the tests need the numbers of
    # whatever model the student built; which layers are Dense is one line of the loader's answer.
    "return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]": "callables._dense_layers",
    "[layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]": "callables._dense_layers",
    "dense = _dense_layers(model)": "callables reads a model's Dense layers back",
    "model = keras.Sequential(layers)": "callables builds the grader's own model for tf_loss_and_grads",
    # exercise6's dropout property judges the student's out against the student's own mask: it must
    # apply the contract's inverted scaling (DESIGN.md states it), there is no other way to check it.
    "x * mask / (1.0 - rate)": "exercise6._mask_consistent",
    "(np.arange(len(y)), y)": "plots pick each example's true-class column (fancy indexing)",
    # exercise7 judges train_mlp by the held-out accuracy of the student's trained params, computed
    # here in the parent (never trusted from the child): that takes a ReLU MLP forward pass.
    "a @ params[f'W{layer}']": "exercise7._forward",
    "a @ params[f'W{layer}'] + params[f'b{layer}']": "exercise7._forward",
    "n_layers = len(params) // 2": "exercise7._forward",
    "range(1, n_layers + 1)": "exercise7._forward",
    "for layer in range(1, n_layers + 1):": "exercise7._forward",
    "np.asarray(params[f'W{layer}'])": "plots: the same parent-side forward, for the student's learning curves",
    "np.asarray(params[f'b{layer}'])": "plots: the same parent-side forward, for the student's learning curves",
    "for layer in range(1, len(sizes)):": "exercise7._held_out checks each layer's shape",
    "(sizes[layer - 1], sizes[layer])": "exercise7._held_out checks each layer's shape",
}


def solution_modules(course: Course) -> list:
    """The reference modules of every exercise (NumPy and TensorFlow): the solutions library."""
    return [m for ex in course.exercises for m in course.exercise(ex).reference + course.exercise(ex).tf_reference]


def scan_for_answers(folder: str, course: Course) -> list:
    """Reference code found anywhere in ``folder`` (a handout), glue in ``ALLOWED_GLUE`` aside."""
    functions = leaks.reference_functions(course.root, solution_modules(course))
    return leaks.find_leaks(leaks.student_files(folder), functions, frozenset(ALLOWED_GLUE))


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
        raise CourseError(f"hidden tests in the handout's public specs: {left}")


def make_release(course: Course, exercise_ids: list, out: str, force: bool = False, echo=print) -> str:
    """Write the student handout for ``exercise_ids`` (default: every exercise ready to assign) to ``out``."""
    from . import fixtures
    from .assign import assignable, build_notebook, copy_linked_files, write_notebook

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
    for ex in exercises:
        config = course.exercise(ex)
        # The public tests only: the hidden ones (and the helpers that compute graded quantities)
        # are in <ex>_hidden.py, which never ships.
        shutil.copy2(os.path.join(HERE, "exercises", f"{ex}.py"), spec_dir)
        shutil.copy2(fixtures.path_for(ex), os.path.join(out, "graders", "fixtures", f"{ex}.npz"))
        ex_dir = os.path.join(out, "exercises", ex)
        os.makedirs(ex_dir, exist_ok=True)
        _write_stub(course, ex, os.path.join(ex_dir, config.student_file), echo)
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
    found = scan_for_answers(out, course)
    if found:
        shown = ", ".join(f"{leak.function} in {leak.file}" for leak in found[:5])
        raise CourseError(f"reference code would leak into the handout ({shown}); {out} is incomplete, do not ship it")
    echo(f"handout for {len(exercises)} exercise(s) -> {out}  (students: pip install -e {os.path.basename(out)})")
    return out


def _write_stub(course: Course, exercise_id: str, path: str, echo) -> None:
    """The student module as ``nnlab stubs`` makes it, never the working copy (it may hold answers)."""
    from . import pipeline
    from .stubs import make_stub

    config = course.exercise(exercise_id)
    functions = list(dict.fromkeys(f for t in pipeline.load_tasks(course, exercise_id) for f in t.functions))
    stub = make_stub(exercise_id, config.title, config.reference, functions)
    working = course.student_path(exercise_id)
    if os.path.isfile(working) and open(working, encoding="utf-8").read() != stub:
        echo(f"{exercise_id}: {os.path.relpath(working, course.root)} differs from the generated stub "
             "(edited or solved?): the handout gets the stub")
    with open(path, "w", encoding="utf-8") as f:
        f.write(stub)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("nnlab")
    except Exception:
        return "0.1.0"
