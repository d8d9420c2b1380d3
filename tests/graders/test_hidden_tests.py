"""Hidden tests live in ``graders/exercises/<ex>_hidden.py``: the loader appends them to the
public tests, and a course folder without those files (the handout) has the public tests only."""

import importlib
import sys

import pytest

from graders import pipeline
from graders.course import CourseError
from graders.spec import Task, call
from graders.spec import Test as SpecTest  # not "Test": pytest would try to collect it

EXERCISES = [f"exercise{i}" for i in range(1, 9)]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_public_spec_holds_no_hidden_test_and_the_hidden_file_only_hidden_ones(exercise):
    public = importlib.import_module(f"graders.exercises.{exercise}")
    hidden = importlib.import_module(f"graders.exercises.{exercise}_hidden").HIDDEN
    assert not [t.name for task in public.TASKS for t in task.tests if t.hidden]
    assert hidden and all(t.hidden for tests in hidden.values() for t in tests)
    assert set(hidden) <= {task.name for task in public.TASKS}


@pytest.mark.parametrize("exercise", EXERCISES)
def test_load_tasks_appends_each_tasks_hidden_tests_after_its_public_ones(course, exercise):
    public = {t.name: t for t in importlib.import_module(f"graders.exercises.{exercise}").TASKS}
    hidden = importlib.import_module(f"graders.exercises.{exercise}_hidden").HIDDEN
    for task in pipeline.load_tasks(course, exercise):
        assert task.tests == [*public[task.name].tests, *hidden.get(task.name, [])]
        assert task.functions == public[task.name].functions
    again = pipeline.load_tasks(course, exercise)  # loading twice never doubles the hidden tests
    assert sum(t.hidden for task in again for t in task.tests) == sum(len(v) for v in hidden.values())


def test_without_the_hidden_file_the_tasks_are_the_public_tests(course, monkeypatch):
    monkeypatch.setitem(sys.modules, "graders.exercises.exercise3_hidden", None)  # as in the handout
    tasks = pipeline.load_tasks(course, "exercise3")
    assert [t.name for t in tasks] == list(course.exercise("exercise3").tasks)
    assert all(task.tests for task in tasks) and not [t for task in tasks for t in task.tests if t.hidden]


def _fake_hidden(monkeypatch, hidden: dict) -> None:
    module = type(sys)("graders.exercises.exercise3_hidden")
    module.HIDDEN = hidden
    monkeypatch.setitem(sys.modules, module.__name__, module)


def test_a_hidden_test_for_an_unknown_task_is_named(course, monkeypatch):
    _fake_hidden(monkeypatch, {"softmaxx": [SpecTest("t", lambda rng: call("softmax", 1.0), hidden=True)]})
    with pytest.raises(CourseError, match=r"exercise3_hidden\.py: HIDDEN\['softmaxx'\]: no such task"):
        pipeline.load_tasks(course, "exercise3")


def test_a_test_in_the_hidden_file_must_be_marked_hidden(course, monkeypatch):
    _fake_hidden(monkeypatch, {"softmax": [SpecTest("t", lambda rng: call("softmax", 1.0))]})
    with pytest.raises(CourseError, match="needs hidden=True"):
        pipeline.load_tasks(course, "exercise3")


def test_task_objects_of_the_spec_are_not_changed(course):
    before = [len(t.tests) for t in importlib.import_module("graders.exercises.exercise3").TASKS]
    pipeline.load_tasks(course, "exercise3")
    assert [len(t.tests) for t in importlib.import_module("graders.exercises.exercise3").TASKS] == before
    assert isinstance(pipeline.load_tasks(course, "exercise3")[0], Task)
