"""``nnlab release``: the handout has no solutions, no hidden tests, no mutants, and grades like the instructor."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from graders import course as course_module
from graders.assign import assignable, build_notebook, solution_module
from graders.course import CourseError
from graders.release import find_leaks, make_release, strip_hidden

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


@pytest.fixture(scope="module")
def exercises(course):
    """exercise3 (complete), plus the other exercises whose spec, fixtures and stub validate right now."""
    ready = ["exercise3"]
    for ex in assignable(course, None):
        if ex == "exercise3" or course.exercise(ex).needs_tensorflow or not os.path.isfile(course.student_path(ex)):
            continue
        try:
            build_notebook(course, ex)
            stale = subprocess.run([sys.executable, "-m", "graders.cli", "fixtures", ex, "--check"], cwd=ROOT,
                                   capture_output=True, timeout=120).returncode
        except Exception:  # an exercise still being written by someone else
            continue
        if stale == 0:
            ready.append(ex)
    return ready


@pytest.fixture(scope="module")
def handout(course, exercises, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("handout") / "course")
    make_release(course, exercises, out, echo=lambda *a: None)
    return out


def nnlab(cwd, *args, graders_from=None):
    """Run ``nnlab`` with the engine of ``graders_from`` (the handout's own, or the instructor's)."""
    env = dict(os.environ, PYTHONPATH=graders_from or cwd, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "graders.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def student_nnlab(handout, *args):
    """The handout's ``nnlab`` as a student's Python sees it: the handout's engine, NumPy and friends,
    and no ``reference`` (``-S`` skips the .pth of the instructor's editable install)."""
    path = os.pathsep.join([handout, sysconfig.get_paths()["purelib"]])
    env = dict(os.environ, PYTHONPATH=path, NO_COLOR="1", COLUMNS="200")  # no wrapped table cells
    return subprocess.run([sys.executable, "-S", "-m", "graders.cli", *args], cwd=handout, env=env,
                          capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------- a student's package

INSTRUCTOR_COMMANDS = [
    ["validate"], ["validate", "exercise3"], ["stubs"], ["stubs", "--check"], ["fixtures"], ["fixtures", "--check"],
    ["assign", "--course-dir", "nbcourse"], ["release", "--out", "again"], ["grade", "exercises", "--out", "graded"],
    ["check", "exercise3", "--solution"], ["check", "exercise3", "--hidden"],
]


@pytest.mark.parametrize("args", INSTRUCTOR_COMMANDS, ids=" ".join)
def test_an_instructor_command_in_the_handout_exits_2_with_one_line(handout, args):
    proc = student_nnlab(handout, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == ["nnlab: error: an instructor command: run it in the course repository"]
    assert not any(os.path.exists(os.path.join(handout, d)) for d in ("nbcourse", "again", "graded"))


def test_nnlab_check_in_the_handout_grades_the_stub_zero(handout):
    proc = student_nnlab(handout, "check", "exercise3")
    assert proc.returncode == 1, proc.stderr
    assert "not implemented yet" in proc.stdout and "0/" in proc.stdout
    as_json = json.loads(student_nnlab(handout, "check", "exercise3", "--json").stdout)
    assert as_json["score"] == 0 and as_json["max_score"] > 0


# --------------------------------------------------------------------------- stripping hidden tests


SPEC = '''\
from graders.spec import Task, Test, call


def _public(rng):
    return call("f", 1)


def _secret(rng):
    return call("f", 42)


_SECRET_SHAPES = [(3, 4), (9, 2)]

f = Task("f", [
    Test("public one", _public),
    Test("hidden one", _secret,
         hint="multi-line", hidden=True),
    Test("also public", _public, hidden=False), Test("inline hidden", lambda rng: _secret(rng), hidden=True),
])
'''


def test_strip_hidden_removes_hidden_tests_and_their_helpers():
    out = strip_hidden(SPEC)
    tree = ast.parse(out)
    assert "hidden=True" not in out and "_secret" not in out and "_SECRET_SHAPES" not in out
    assert "public one" in out and "also public" in out and "def _public" in out
    names = [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Test"]
    assert names == ["public one", "also public"]


def test_a_hidden_test_outside_a_list_is_an_error():
    with pytest.raises(CourseError, match="hidden test outside a list"):
        strip_hidden('from graders.spec import Test\nT = Test("x", None, hidden=True)\n')


# --------------------------------------------------------------------------- the handout


def _squash(text):
    return re.sub(r"\s+", "", text)


def _function_bodies(path):
    source = open(path).read()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
            if body:
                yield node.name, "\n".join(lines[body[0].lineno - 1:body[-1].end_lineno])


def test_handout_contains_no_reference_code_no_hidden_tests_no_mutants(handout, exercises):
    files = [os.path.relpath(os.path.join(d, f), handout) for d, _, fs in os.walk(handout) for f in fs]
    assert not any(f.startswith(("reference", "tests")) or "mutants" in f for f in files)
    for ex in exercises:
        for name in (f"exercises/{ex}/{ex}.py", f"exercises/{ex}/{ex}.ipynb", f"graders/exercises/{ex}.py",
                     f"graders/fixtures/{ex}.npz"):
            assert name in files
    texts = []
    for f in files:
        if f.endswith(".npz"):
            continue
        text = open(os.path.join(handout, f), encoding="utf-8").read()
        if f.endswith(".ipynb"):
            text = "\n".join(c["source"] for c in json.loads(text)["cells"])
        texts.append(_squash(text))
        if f.startswith("graders/exercises/") and f.endswith(".py"):
            hidden = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.keyword) and n.arg == "hidden"
                      and isinstance(n.value, ast.Constant) and n.value.value is True]
            assert not hidden, f
    # the specs as the handout's engine loads them, with `reference` unimportable: no hidden test left
    code = ("import sys, importlib; sys.modules['reference'] = None\n"
            f"for ex in {exercises!r}:\n"
            "    m = importlib.import_module('graders.exercises.' + ex)\n"
            f"    assert m.__file__.startswith({handout!r})\n"
            "    assert not [t for task in m.TASKS for t in task.tests if t.hidden], ex\n"
            "    assert all(task.tests for task in m.TASKS), ex\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=handout, env=dict(os.environ, PYTHONPATH=handout))
    every = "\n".join(texts)
    checked = 0
    for dirpath, _, names in os.walk(os.path.join(ROOT, "reference")):
        for name in names:
            if name.endswith(".py"):
                for fn, body in _function_bodies(os.path.join(dirpath, name)):
                    checked += 1
                    assert _squash(body) not in every, f"{name}:{fn} leaked into the handout"
    assert checked >= 8
    assert find_leaks(handout, ROOT) == []


def test_leak_scan_catches_a_pasted_solution(handout, course):
    leaked = os.path.join(handout, "exercises", "exercise3", "my_answer.py")
    with open(leaked, "w") as f:
        f.write(solution_module(build_notebook(course, "exercise3")))
    try:
        hits = {fn for fn, _ in find_leaks(handout, ROOT)}
        assert "reference/numpy/losses.py:softmax" in hits and "reference/numpy/losses.py:mae" in hits
    finally:
        os.remove(leaked)


@pytest.mark.slow
def test_handout_nnlab_check_stub_zero_reference_full_and_same_scores_as_instructor(handout, course, exercises,
                                                                                    tmp_path):
    for ex in exercises:
        stub = nnlab(handout, "check", ex, "--json")
        assert stub.returncode == 1, stub.stderr
        assert json.loads(stub.stdout)["score"] == 0
        answer = tmp_path / f"{ex}_answer.py"
        answer.write_text(solution_module(build_notebook(course, ex)))
        full = nnlab(handout, "check", ex, "--file", str(answer), "--json")
        assert full.returncode == 0, full.stdout[-2000:] + full.stderr
    # one mistake: the handout and the instructor give the same scores, messages and hints
    mutant = open(os.path.join(ROOT, "graders", "mutants", "exercise3", "softmax_no_max_shift.py")).read()
    mixed = tmp_path / "mixed.py"
    mixed.write_text(solution_module(build_notebook(course, "exercise3")) + "\n\n" + mutant)
    theirs = json.loads(nnlab(handout, "check", "exercise3", "--file", str(mixed), "--json").stdout)
    ours = json.loads(nnlab(ROOT, "check", "exercise3", "--file", str(mixed), "--json", graders_from=ROOT).stdout)
    assert theirs == ours
    assert theirs["score"] == theirs["max_score"] - 2


def test_release_refuses_to_overwrite_what_it_did_not_write(course, tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(CourseError, match="not empty"):
        make_release(course, ["exercise3"], str(tmp_path), echo=lambda *a: None)
    with pytest.raises(CourseError, match="not a handout written by nnlab release"):
        make_release(course, ["exercise3"], str(tmp_path), force=True, echo=lambda *a: None)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.mark.slow
def test_handout_builds_a_wheel_with_the_nnlab_command(handout, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), handout], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = [p for p in os.listdir(tmp_path) if p.endswith(".whl")]
    with zipfile.ZipFile(tmp_path / wheel) as z:
        names = z.namelist()
        entry = next(z.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "graders/fixtures/exercise3.npz" in names and "graders/exercises/exercise3.py" in names
    assert not any(n.startswith(("reference/", "graders/mutants/")) for n in names)
    assert "nnlab = graders.cli:main" in entry
