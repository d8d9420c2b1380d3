"""`nnlab validate` is sharp: it fails on a mutant that is not caught, on a mutant that breaks
more than its task, on a task without mutants and on stale fixtures; it passes a sound exercise."""

import dataclasses
import shutil

import pytest

from graders import pipeline, validate
from graders.validate import find_mutants, validate_exercise
from tests.conftest import run_nnlab


@pytest.fixture
def mutants(tmp_path, monkeypatch):
    """A private folder with one of exercise3's mutants per task (fast), which a test may change."""
    folder = tmp_path / "mutants" / "exercise3"
    folder.mkdir(parents=True)
    first = {}
    for m in find_mutants("exercise3"):
        first.setdefault(m.breaks, m.path)
    for path in first.values():
        shutil.copy(path, folder)
    monkeypatch.setattr(validate, "MUTANTS", str(folder.parent))
    return folder


def _run(course):
    lines: list = []
    return validate_exercise(course, "exercise3", tf=False, say=lines.append), "\n".join(lines)


def test_find_mutants_reads_breaks_also_breaks_and_the_docstring_without_importing(tmp_path, monkeypatch):
    (tmp_path / "exercise9").mkdir()
    (tmp_path / "exercise9" / "a_wrong.py").write_text(
        '"""Forgets the bias.\n\nMore text."""\nimport not_a_module\n\nBREAKS = "dense"\nALSO_BREAKS = ("mlp",)\n')
    (tmp_path / "exercise9" / "_helper.py").write_text("BREAKS = 'x'\n")
    monkeypatch.setattr(validate, "MUTANTS", str(tmp_path))
    [m] = find_mutants("exercise9")
    assert (m.name, m.breaks, m.also_breaks, m.doc) == ("a_wrong", "dense", ("mlp",), "Forgets the bias.")
    assert m.defines == frozenset()  # no function defined: it can change no task


def test_a_mutant_that_is_not_caught_fails_validate(course, mutants):
    (mutants / "mae_actually_correct.py").write_text(
        '"""Not wrong at all."""\nimport numpy as np\n\nBREAKS = "mae"\n\n\n'
        "def mae(y_true, y_pred):\n    return float(np.mean(np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))))\n")
    ok, said = _run(course)
    assert not ok
    assert "mutant mae_actually_correct (Not wrong at all.) is NOT caught" in said


def test_a_mutant_that_breaks_another_task_too_fails_validate(course, mutants):
    (mutants / "mse_and_mae_broken.py").write_text(
        '"""Breaks two tasks."""\nimport numpy as np\n\nBREAKS = "mse"\n\n\n'
        "def mse(y_true, y_pred):\n    return 0.0\n\n\ndef mae(y_true, y_pred):\n    return 0.0\n")
    assert next(m for m in find_mutants("exercise3") if m.name == "mse_and_mae_broken").defines == {"mse", "mae"}
    ok, said = _run(course)
    assert not ok
    assert "mutant mse_and_mae_broken (breaks mse) also loses points on mae" in said


def test_a_task_without_mutants_and_a_mutant_of_an_unknown_task_fail_validate(course, mutants):
    for path in mutants.glob("mae_*.py"):
        path.unlink()
    (mutants / "typo.py").write_text('"""Typo."""\nBREAKS = "maee"\n')
    ok, said = _run(course)
    assert not ok
    assert "tasks without any mutant: mae" in said
    assert "BREAKS = 'maee' is not a task of exercise3" in said


def test_stale_fixtures_fail_validate_at_once_without_grading(course, mutants, monkeypatch, tmp_path):
    from graders import fixtures, pipeline

    tasks = pipeline.load_tasks(course, "exercise3")
    built = fixtures.build("exercise3", tasks, pipeline.reference_namespace(course.exercise("exercise3").reference))
    key = "softmax/batch of one (1, 3)"
    program, inputs, expected = built[key]
    built[key] = (program, {name: a + 0.5 for name, a in inputs.items()}, expected)
    monkeypatch.setattr(fixtures, "HERE", str(tmp_path))
    fixtures.save("exercise3", built, tasks, course.exercise("exercise3").reference)
    ok, said = _run(course)
    assert not ok
    assert f"stale fixture {key}: its inputs changed" in said and "run `nnlab fixtures exercise3`" in said
    assert "reference full marks" not in said  # it stopped before grading anything


def test_the_unchanged_copy_passes(course, mutants):
    ok, said = _run(course)
    assert ok, said
    n = len(list(mutants.glob("*.py")))
    assert f"mutants caught: {n}/{n}" in said


@pytest.mark.slow
def test_nnlab_validate_is_a_real_command_with_exit_code_0():
    result = run_nnlab("validate", "exercise1", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    n = len(find_mutants("exercise1"))
    assert f"mutants caught: {n}/{n}" in result.stdout and result.stdout.rstrip().endswith("validate: all good")


def test_an_unknown_exercise_is_a_usage_error_before_anything_runs():
    result = run_nnlab("validate", "exercise3", "exercise33")
    assert result.returncode == 2 and "unknown exercise 'exercise33'" in result.stderr
    assert result.stdout == ""


def test_a_caught_mutant_whose_failure_has_no_hint_fails_validate_unless_its_kind_explains_it(course, mutants):
    from graders.spec import Test

    (mutants / "mae_loops.py").write_text(  # a timeout names itself: no maths hint needed
        '"""Loops."""\nBREAKS = "mae"\n\n\ndef mae(y_true, y_pred):\n    while True:\n        pass\n')
    ok, said = _run(course)
    assert "mae_loops" not in said and "has no hint" not in said

    (mutants / "mae_loops.py").unlink()
    (mutants / "mae_off.py").write_text(  # a wrong value with no hint leaves the student alone
        '"""Off by one."""\nimport numpy as np\n\nBREAKS = "mae"\n\n\n'
        "def mae(y_true, y_pred):\n    return 1.0 + float(np.mean(np.abs(np.asarray(y_true, float) - y_pred)))\n")
    tasks = pipeline.load_tasks(course, "exercise3")
    mae = next(t for t in tasks if t.name == "mae")
    stripped = [Test(t.name, t.build, t.check, hint="", hidden=t.hidden, pure=t.pure) for t in mae.tests]
    original = pipeline.load_tasks
    pipeline.load_tasks = lambda c, e: [dataclasses.replace(t, tests=stripped) if t.name == "mae" else t
                                        for t in original(c, e)]
    try:
        ok, said = _run(course)
    finally:
        pipeline.load_tasks = original
    assert not ok and "mutant mae_off: the failing test" in said and "has no hint" in said
