"""What every exercise promises (the vertical slice): a spec matching course.yml with hints and
hidden tests, at least four documented mutants per task, a generated stub scoring 0, current
fixtures, and `nnlab validate` passing."""

import json

import pytest

from graders import pipeline
from graders.course import load
from graders.validate import find_mutants, validate_exercise
from tests.conftest import ROOT, run_nnlab

COURSE = load(ROOT)
EXERCISES = list(COURSE.exercises)
NEEDS_TF = {ex for ex in EXERCISES if COURSE.exercise(ex).needs_tensorflow}
# The stub check of an exercise with TensorFlow tasks imports TensorFlow in the child: slow.
CHECKED = [pytest.param(ex, marks=pytest.mark.slow) if ex in NEEDS_TF else ex for ex in EXERCISES]


def test_the_course_has_the_eight_exercises_of_the_contract():
    assert EXERCISES == [f"exercise{i}" for i in range(1, 9)]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_tasks_match_course_yml_and_every_test_has_a_hint_and_a_unique_name(course, exercise):
    tasks = pipeline.load_tasks(course, exercise)  # public tests and the hidden file's
    assert [t.name for t in tasks] == list(course.exercise(exercise).tasks)
    for task in tasks:
        names = [t.name for t in task.tests]
        assert len(names) == len(set(names)), task.name
        assert all(t.hint for t in task.tests), task.name
        assert any(t.hidden for t in task.tests) and any(not t.hidden for t in task.tests), task.name


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_task_has_at_least_four_mutants_with_a_docstring(course, exercise):
    by_task: dict = {}
    for m in find_mutants(exercise):
        assert m.doc, m.path
        by_task.setdefault(m.breaks, []).append(m.name)
    assert set(by_task) == set(course.exercise(exercise).tasks)
    assert all(len(v) >= 4 for v in by_task.values()), {k: len(v) for k, v in by_task.items()}


@pytest.mark.parametrize("exercise", CHECKED)
def test_the_stub_scores_zero_with_not_implemented_yet_on_every_task(course, exercise):
    result = run_nnlab("check", exercise, "--json", timeout=600)
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["score"] == 0
    assert [t["name"] for t in data["tasks"]] == list(course.exercise(exercise).tasks)
    for task in data["tasks"]:
        assert all(t["message"] == "not implemented yet" for t in task["tests"]), task["name"]


def test_every_stub_is_generated_from_the_reference():
    result = run_nnlab("stubs", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("up to date") == len(EXERCISES)


@pytest.mark.parametrize("exercise", [ex for ex in EXERCISES if ex not in NEEDS_TF])
def test_the_public_fixtures_are_current(course, exercise):
    from graders import fixtures, pipeline

    tasks = pipeline.load_tasks(course, exercise)
    assert fixtures.stale_reasons(exercise, tasks, course.exercise(exercise).reference) == {}


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES)
def test_validate_passes_and_catches_every_mutant(course, exercise):
    lines: list = []
    assert validate_exercise(course, exercise, tf=True, say=lines.append), "\n".join(lines)
    n = len(find_mutants(exercise))
    assert any(f"reference full marks: yes; mutants caught: {n}/{n}" in line for line in lines), lines
