"""Hints in levels: level 1 (each failing test's hint) names the mistake without the answer; levels
2 and 3 (``nnlab check EX --hint TASK``, ``check(EX, hint=TASK)``) give the idea with its section
of the instructions, then the formula; the levels opened are kept in the status file, travel in
``nnlab submit``'s zip to the class's feedback, and never change points."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from graders import course as course_module
from graders import hints, leaks, pipeline, status
from tests.conftest import ROOT

EXERCISES = [f"exercise{i}" for i in range(1, 9)]
NNLAB = os.path.join(ROOT, ".venv", "bin", "nnlab")


def hint_pieces(text: str) -> str:
    """A hint as prose for the leak scan, plus each clause on its own line with a trailing
    parenthetical cut off, so "dx = dout @ W.T (m, n_in); ..." is seen as the code it holds."""
    pieces = [text]
    for clause in re.split(r";| — |: ", text):
        for part in [clause, *re.split(r", |\bor\b|\band\b", clause)]:
            part = part.strip()
            pieces += [part, re.sub(r"\s*\([^()]*\)\s*$", "", part)]
    return "\n".join(pieces)


def level1_leaks(course, exercise: str, tasks=None) -> list:
    config = course.exercise(exercise)
    tasks = tasks if tasks is not None else pipeline.load_tasks(course, exercise)
    graded = {f for t in tasks for f in t.functions}
    functions = leaks.reference_functions(ROOT, config.reference + config.tf_reference, only=graded)
    texts = {f"{exercise}/{t.name}/{i}.md": hint_pieces(test.hint)
             for t in tasks for i, test in enumerate(t.tests) if test.hint}
    return [(leak.file, leak.code) for leak in leaks.find_leaks(texts, functions)]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_no_level_one_hint_holds_reference_code(course, exercise):
    assert level1_leaks(course, exercise) == []


def test_the_scan_finds_a_formula_written_into_a_hint(course):
    """The scan can fail: the old DENSE_BWD hint, which stated the whole backward pass, is caught."""
    from graders.spec import Task, Test

    old = ("dx = dout @ W.T (m, n_in); dW = x.T @ dout (n_in, n_out, the shape of W); db = dout.sum(axis=0) (n_out,)")
    task = Task("dense_backward", [Test("t", lambda rng: None, hint=old)])
    found = {code for _, code in level1_leaks(course, "exercise4", [task])}
    assert {"dx = dout @ W.T", "dW = x.T @ dout"} <= found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_task_has_levels_two_and_three_and_a_section(course, exercise):
    for task in pipeline.load_tasks(course, exercise):
        assert len(task.hints) == 2 and len(task.hints[0]) > 60 and len(task.hints[1]) > 15, task.name
        assert task.hints[0] != task.hints[1]
        assert hints.section(course, exercise, task.functions), f"{exercise}: no instructions heading for {task.name}"
        assert "instructions.md, section" in hints.hint_text(course, exercise, task.name, 2)


@pytest.fixture
def student_course(tmp_path):
    """A copy of the course folder's files a student has (course.yml and exercise3), writable."""
    root = tmp_path / "course"
    shutil.copytree(os.path.join(ROOT, "exercises", "exercise3"), root / "exercises" / "exercise3")
    shutil.copy(os.path.join(ROOT, "course.yml"), root / "course.yml")
    return root


def run(root, *args):
    return subprocess.run([NNLAB, *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_hint_prints_level_two_then_three_and_the_status_file_keeps_it(student_course):
    course = course_module.load(str(student_course))
    first = run(student_course, "check", "exercise3", "--hint", "softmax")
    assert first.returncode == 0, first.stderr
    assert "hint level 2 of 3" in first.stdout
    assert course.exercise("exercise3").tasks  # a real task, and its words
    assert "instructions.md, section \u201c1. `softmax(z)`" in first.stdout
    assert status.hints_opened(course, "exercise3") == {"softmax": 2}
    second = run(student_course, "check", "3", "--hint", "softmax")
    assert "hint level 3 of 3" in second.stdout and "ask again" not in second.stdout
    assert status.hints_opened(course, "exercise3") == {"softmax": 3}
    other = run(student_course, "check", "exercise3", "--hint", "mse", "--level", "3")
    assert "hint level 3 of 3" in other.stdout
    assert status.hints_opened(course, "exercise3") == {"softmax": 3, "mse": 3}
    wrong = run(student_course, "check", "exercise3", "--hint", "softmaks")
    assert wrong.returncode == 2 and "did you mean softmax?" in wrong.stderr + wrong.stdout
    assert run(student_course, "check", "exercise3", "--level", "3").returncode == 2


def test_a_check_keeps_the_hints_and_its_score_does_not_depend_on_them(student_course):
    from tests.graders import classroom

    mutant = open(os.path.join(ROOT, "graders", "mutants", "exercise3", "softmax_no_max_shift.py"), encoding="utf-8")
    (student_course / "exercises" / "exercise3" / "exercise3.py").write_text(classroom.SOLUTION + "\n\n" + mutant.read())
    before = run(student_course, "check", "exercise3", "--json")
    run(student_course, "check", "exercise3", "--hint", "softmax", "--level", "3")
    after = run(student_course, "check", "exercise3", "--json")
    score = [json.loads(p.stdout)["score"] for p in (before, after)]
    assert score[0] == score[1] == classroom.FULL - 2  # softmax's 2 points lost, hint or not
    saved = json.load(open(student_course / ".nnlab" / "last" / "exercise3.json"))
    assert saved["hints"] == {"softmax": 3} and saved["score"] == score[1]


def test_the_notebook_check_shows_hints_without_grading(student_course, monkeypatch, capsys):
    from graders import check

    monkeypatch.chdir(student_course)
    assert check("exercise3", hint="log_softmax") is None
    assert "hint level 2 of 3" in capsys.readouterr().out
    check("exercise3", hint="log_softmax")
    out = capsys.readouterr().out
    assert "hint level 3 of 3" in out
    check("exercise3", hint="nope")
    assert "no task 'nope'" in capsys.readouterr().out  # a message, never an exception in the kernel


def test_status_file_hints_are_validated():
    assert status.valid_hints({"a": 2, "b": 3, "c": 1, "d": 9, "e": True, "f": "3"}) == {"a": 2, "b": 3}
    assert status.valid_hints(["a"]) == {}


def test_class_grading_shows_the_hints_from_a_submit_zip_and_the_same_points(tmp_path):
    """Two students hand in the same file with `nnlab submit`; one opened hints. Same points; the
    feedback page of that one lists them."""
    from graders.submit import CHECK_REPORT, MANIFEST
    from tests.graders import classroom

    course = classroom.make_course(tmp_path / "course")
    source = classroom.SOLUTION.encode()
    import hashlib

    for student, report in (("ann", {"score": 14, "max_score": 14, "time": 1.0, "hints": {"softmax": 3, "mse": 2}}),
                            ("ben", {"score": 14, "max_score": 14, "time": 1.0})):
        folder = tmp_path / "subs" / student
        folder.mkdir(parents=True)
        with zipfile.ZipFile(folder / "submission-exercise3.zip", "w") as zf:
            zf.writestr("exercise3.py", source)
            zf.writestr(CHECK_REPORT, json.dumps(report))
            zf.writestr(MANIFEST, json.dumps({"exercise": "exercise3", "file": "exercise3.py",
                                              "sha256": hashlib.sha256(source).hexdigest()}))
    proc = classroom.grade(course, tmp_path / "subs", tmp_path / "out", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    rows = classroom.rows(tmp_path / "out")
    assert rows[("ann", "exercise3")] == rows[("ben", "exercise3")] == (classroom.FULL, "graded")
    ann = open(tmp_path / "out" / "feedback" / "ann.html", encoding="utf-8").read()
    ben = open(tmp_path / "out" / "feedback" / "ben.html", encoding="utf-8").read()
    assert "Hints opened (they never change points): mse (level 2), softmax (level 3)" in ann
    assert "Hints opened" not in ben
