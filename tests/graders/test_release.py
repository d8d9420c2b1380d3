"""``nnlab release``: the handout has no solutions, no hidden tests, no mutants, and grades like the instructor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from graders import course as course_module
from graders import leaks, pipeline
from graders.assign import assignable, build_notebook, solution_module
from graders.course import CourseError
from graders.release import ALLOWED_GLUE, make_release, scan_for_answers, solution_modules
from graders.stubs import make_stub

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


# --------------------------------------------------------------------------- the handout


def test_handout_has_public_specs_only_no_hidden_file_no_reference_no_mutants(handout, exercises):
    files = [os.path.relpath(os.path.join(d, f), handout) for d, _, fs in os.walk(handout) for f in fs]
    assert not any(f.startswith(("reference", "tests")) or "mutants" in f or "_hidden" in f for f in files)
    for ex in exercises:
        for name in (f"exercises/{ex}/{ex}.py", f"exercises/{ex}/{ex}.ipynb", f"graders/exercises/{ex}.py",
                     f"graders/fixtures/{ex}.npz"):
            assert name in files
        with open(os.path.join(handout, "graders", "exercises", f"{ex}.py")) as f:
            assert f.read() == open(os.path.join(ROOT, "graders", "exercises", f"{ex}.py")).read()  # copied, not cut
    # the specs as the handout's engine loads them, with `reference` unimportable: no hidden test left
    code = ("import sys, importlib; sys.modules['reference'] = None\n"
            "from graders import course, pipeline\n"
            "c = course.load()\n"
            f"for ex in {exercises!r}:\n"
            "    tasks = pipeline.load_tasks(c, ex)\n"
            f"    assert importlib.import_module('graders.exercises.' + ex).__file__.startswith({handout!r})\n"
            "    assert not [t for task in tasks for t in task.tests if t.hidden], ex\n"
            "    assert all(task.tests for task in tasks), ex\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=handout, env=dict(os.environ, PYTHONPATH=handout))


def test_the_scan_catches_a_pasted_solution(handout, course):
    leaked = os.path.join(handout, "exercises", "exercise3", "my_answer.py")
    with open(leaked, "w") as f:
        f.write(solution_module(build_notebook(course, "exercise3")))
    try:
        hits = {leak.function for leak in scan_for_answers(handout, course)}
        assert "reference/numpy/losses.py:softmax" in hits and "reference/numpy/losses.py:mae" in hits
    finally:
        os.remove(leaked)


@pytest.fixture(scope="module")
def solved_release(tmp_path_factory):
    """A handout released from a working copy whose every student file holds the reference's answer."""
    work = tmp_path_factory.mktemp("solved") / "course"
    for name in ("exercises", "reference"):
        shutil.copytree(os.path.join(ROOT, name), work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(os.path.join(ROOT, "course.yml"), work)
    course = course_module.load(str(work))
    exercises = list(course.exercises)
    for ex in exercises:
        with open(course.student_path(ex), "w") as f:
            f.write(solution_module(build_notebook(course, ex)))
    lines: list = []
    out = str(work.parent / "handout")
    make_release(course, exercises, out, echo=lines.append)
    return course, exercises, out, lines


def test_a_release_from_a_solved_working_copy_ships_the_stubs_and_says_so(solved_release):
    course, exercises, out, lines = solved_release
    for ex in exercises:
        config = course.exercise(ex)
        functions = list(dict.fromkeys(f for t in pipeline.load_tasks(course, ex) for f in t.functions))
        with open(os.path.join(out, "exercises", ex, config.student_file)) as f:
            assert f.read() == make_stub(ex, config.title, config.reference, functions)
        assert f"{ex}: exercises/{ex}/{ex}.py differs from the generated stub (edited or solved?): " \
               "the handout gets the stub" in lines


def test_a_release_from_a_solved_working_copy_holds_no_reference_code(solved_release):
    """Every reference function's statements and expressions (normalised ASTs) and lines, searched in
    every file of the handout: only ``ALLOWED_GLUE`` (each entry says why) may be found."""
    course, _, out, _ = solved_release
    texts = leaks.student_files(out)
    assert any(rel.endswith(".ipynb") for rel in texts) and any(rel.endswith("instructions.md") for rel in texts)
    functions = leaks.reference_functions(course.root, solution_modules(course))
    assert len(functions) > 60 and all(fn.fragments for fn in functions if fn.name.endswith(":dense_backward"))
    assert leaks.find_leaks(texts, functions, frozenset(ALLOWED_GLUE)) == []
    # the allowlist is not a blanket: without it the engine's glue is found, and every entry is used
    found = {leak.code for leak in leaks.find_leaks(texts, functions)}
    assert {leaks._key(code) for code in found} >= {leaks._key(code) for code in ALLOWED_GLUE}


def test_the_scan_reads_code_in_docstrings_and_markdown():
    functions = [fn for fn in leaks.reference_functions(ROOT) if fn.name == "reference/numpy/layers.py:dense_backward"]
    for rel, text in [("a.py", 'def f():\n    """Hint:\n\n        dx = dout @ W.T     (m, n_in)\n    """\n'),
                      ("b.md", "Transposed: `dx = dout @ W.T`, easy."),
                      ("c.md", "```python\ndx = dout @ W.T\n```\n"),
                      ("d.py", "grad_x = 1\ndx = dout @ W.T\n")]:
        assert [leak.code for leak in leaks.find_leaks({rel: text}, functions)] == ["dx = dout @ W.T"], rel
    assert leaks.find_leaks({"e.md": "the gradient of x is dout times W transposed"}, functions) == []


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
