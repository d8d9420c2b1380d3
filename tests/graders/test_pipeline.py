"""One grading run end to end: tasks from course.yml, planned tests, real child runs, scores."""

import copy
import dataclasses
import importlib
import os

import numpy as np
import pytest
import yaml

from graders import course as course_module
from graders import fixtures, pipeline, runner
from graders.course import CourseError
from graders.spec import Case, call, encode
from tests.conftest import ROOT

REFERENCE = open(os.path.join(ROOT, "reference", "numpy", "losses.py"), encoding="utf-8").read()
MSE_SUM = "\ndef mse(y, y_hat):\n    return float(np.sum((np.asarray(y, dtype=float) - y_hat) ** 2))\n"
MSE_SUM_ON_2D = ("\ndef mse(y, y_hat):\n    d = np.asarray(y, dtype=float) - y_hat\n"
                 "    return float(np.mean(d ** 2) if d.ndim == 1 else np.sum(d ** 2))\n")


def solution(write, *overrides):
    """The reference's source with some functions redefined after it (a student's file, one mistake each)."""
    return write("exercise3.py", REFERENCE + "".join(overrides))


def course_with(change):
    """The project's course.yml, changed by ``change(data)`` and validated."""
    with open(os.path.join(ROOT, "course.yml"), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    change(data)
    return course_module.parse(data, os.path.join(ROOT, "course.yml"), ROOT)


def reference_target(course):
    return runner.Target(modules=list(course.exercise("exercise3").reference), sys_path=[ROOT])


def keyed(planned):
    return {f"{p.task.name}/{p.test.name}": p for p in planned}


# --------------------------------------------------------------------------- load_tasks


@pytest.mark.parametrize("exercise", [f"exercise{i}" for i in range(1, 8)])
def test_load_tasks_are_the_spec_tasks_course_yml_gives_points_to(course, exercise):
    tasks = pipeline.load_tasks(course, exercise)
    spec_tasks = importlib.import_module(f"graders.exercises.{exercise}").TASKS
    assert [t.name for t in tasks] == [t.name for t in spec_tasks]
    assert {t.name for t in tasks} == set(course.exercise(exercise).tasks)


def test_a_task_name_typo_in_course_yml_is_named_with_a_suggestion():
    def rename(data):
        tasks = data["exercises"]["exercise3"]["tasks"]
        tasks["softmaxx"] = tasks.pop("softmax")

    with pytest.raises(CourseError, match=r"exercises\.exercise3\.tasks\.softmaxx: no such task .*did you mean softmax\?"):
        pipeline.load_tasks(course_with(rename), "exercise3")


def test_a_spec_task_without_points_is_an_error():
    with pytest.raises(CourseError, match="task 'mae' is missing"):
        pipeline.load_tasks(course_with(lambda data: data["exercises"]["exercise3"]["tasks"].pop("mae")), "exercise3")


def test_an_exercise_without_a_grader_spec_is_an_error():
    def add(data):
        data["exercises"]["exercise9"] = copy.deepcopy(data["exercises"]["exercise3"])

    with pytest.raises(CourseError, match=r"exercise9 has no grader spec yet \(graders/exercises/exercise9.py\)"):
        pipeline.load_tasks(course_with(add), "exercise9")


# --------------------------------------------------------------------------- plan


def test_public_plan_is_the_stored_fixtures(course):
    tasks = pipeline.load_tasks(course, "exercise3")
    planned = pipeline.plan(course, "exercise3", tasks)
    public = [f"{task.name}/{t.name}" for task in tasks for t in task.tests if not t.hidden]
    assert list(keyed(planned)) == public
    stored = fixtures.load("exercise3")
    for key, p in keyed(planned).items():
        program, arrays, expected = stored[key]
        assert p.program == program and not p.test.hidden
        np.testing.assert_array_equal(p.expected, expected)
        np.testing.assert_array_equal(p.case.args[0], arrays[program["calls"][0]["args"][0]["array"]])


def test_hidden_plan_uses_the_seed_key_and_the_live_reference(course):
    tasks = pipeline.load_tasks(course, "exercise3")
    alice = pipeline.plan(course, "exercise3", tasks, hidden=True, public=False, seed_key="alice")
    again = pipeline.plan(course, "exercise3", tasks, hidden=True, public=False, seed_key="alice")
    bob = pipeline.plan(course, "exercise3", tasks, hidden=True, public=False, seed_key="bob")
    hidden = [f"{task.name}/{t.name}" for task in tasks for t in task.tests if t.hidden]
    assert list(keyed(alice)) == hidden and len(hidden) == 9
    namespace = pipeline.reference_namespace(course.exercise("exercise3").reference)
    for p in alice:
        assert np.allclose(p.expected, namespace[p.case.calls[0].fn](*p.case.args), rtol=0, atol=0)
    for a, b in zip(alice, again):
        assert sorted(a.arrays) == sorted(b.arrays)
        assert all(np.array_equal(a.arrays[k], b.arrays[k]) for k in a.arrays)
    differ = [a.task.name for a, b in zip(alice, bob)
              if any(a.arrays[k].shape != b.arrays[k].shape or not np.array_equal(a.arrays[k], b.arrays[k]) for k in a.arrays)]
    assert len(differ) == len(hidden)  # every hidden test of exercise3 draws its inputs from the seed


def test_public_and_hidden_plan_together(course):
    tasks = pipeline.load_tasks(course, "exercise3")
    planned = pipeline.plan(course, "exercise3", tasks, hidden=True)
    assert len(planned) == sum(len(task.tests) for task in tasks)
    assert pipeline.plan(course, "exercise3", tasks, public=False) == []


def test_a_public_test_without_a_fixture_asks_for_nnlab_fixtures(course):
    tasks = pipeline.load_tasks(course, "exercise3")
    new = dataclasses.replace(tasks[0].tests[0], name="a test added after the fixtures were made")
    tasks[0] = dataclasses.replace(tasks[0], tests=[*tasks[0].tests, new])
    with pytest.raises(CourseError, match="lack softmax/a test added after .* run `nnlab fixtures exercise3`"):
        pipeline.plan(course, "exercise3", tasks)


def test_an_exercise_without_fixtures_asks_for_nnlab_fixtures(course):
    tasks = pipeline.load_tasks(course, "exercise3")
    with pytest.raises(CourseError, match="no fixtures for exercise_without_fixtures: run `nnlab fixtures"):
        pipeline.plan(course, "exercise_without_fixtures", tasks)


# --------------------------------------------------------------------------- run_reference


def test_run_reference_gives_float64_trees_and_leaves_inputs_alone():
    from reference.numpy import derivatives, losses

    namespace = {**vars(losses), **vars(derivatives)}
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    program, arrays = encode(call("softmax", z))
    got = pipeline.run_reference(program, arrays, namespace)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, losses.softmax(z))
    np.testing.assert_array_equal(arrays[program["calls"][0]["args"][0]["array"]], z)

    scalars = pipeline.run_reference(*encode(call("graph_J", 5.0, 3.0, 2.0)), namespace)
    assert isinstance(scalars, list) and [float(x) for x in scalars] == [33.0, 3.0, 6.0, 9.0]
    assert all(x.shape == () and x.dtype == np.float64 for x in scalars)

    labels = np.array([2, 0])
    loss = pipeline.run_reference(*encode(call("sparse_categorical_cross_entropy", labels, z)), namespace)
    assert loss.shape == () and loss == pytest.approx(losses.sparse_categorical_cross_entropy(labels, z))


def test_run_reference_follows_earlier_results():
    from reference.numpy import losses

    z = np.array([[0.5, -1.0, 2.0]])
    case = Case([call("softmax", z).calls[0], call("log_softmax", z).calls[0]], output=None)
    got = pipeline.run_reference(*encode(case), vars(losses))
    np.testing.assert_allclose(got, np.log(losses.softmax(z)), rtol=1e-12)


# --------------------------------------------------------------------------- grade and score


def test_reference_gets_full_marks_on_public_and_hidden_tests(course):
    result = pipeline.grade(course, "exercise3", reference_target(course), hidden=True, seed_key="alice")
    assert result.full_marks and result.score == result.max_score == 14
    assert result.exercise == "exercise3" and result.title == "Softmax and losses"
    names = [t.name for task in result.tasks for t in task.tests]
    assert sum(name.endswith(" (hidden)") for name in names) == 9
    assert all(t.passed and t.message == "" and t.hint == "" for task in result.tasks for t in task.tests)


def test_one_wrong_function_loses_exactly_its_tasks_points(course, write):
    result = pipeline.grade(course, "exercise3", runner.Target(files=[solution(write, MSE_SUM)]), hidden=True)
    assert result.score == 13 and not result.full_marks
    mse = result.task("mse")
    assert mse.score == 0 and mse.max_score == 1
    assert [t.name for t in mse.tests if t.passed] == ["batch of one"]  # a sum of one term is its mean
    assert all(task.score == task.max_score for task in result.tasks if task.name != "mse")
    spec_hints = {t.name: t.hint for t in pipeline.load_tasks(course, "exercise3")[6].tests}
    for test in mse.tests:
        assert test.hint == ("" if test.passed else spec_hints[test.name.removesuffix(" (hidden)")])
    assert mse.first_failure.hint != ""
    assert "factor of" in mse.first_failure.message


def test_the_untouched_stub_scores_zero_without_hints(course):
    stub = runner.Target(files=[course.student_path("exercise3")])
    result = pipeline.grade(course, "exercise3", stub)
    assert result.score == 0 and result.max_score == 14
    assert all(t.message == "not implemented yet" and t.hint == "" for task in result.tasks for t in task.tests)


def test_a_function_that_modifies_its_input_loses_its_task(course, write):
    in_place = "\ndef mae(y, y_hat):\n    y -= y_hat\n    return float(np.mean(np.abs(y)))\n"
    result = pipeline.grade(course, "exercise3", runner.Target(files=[solution(write, in_place)]))
    assert result.score == 13 and result.task("mae").score == 0
    assert "`mae` modified its argument 1 in place" in result.task("mae").first_failure.message


def test_hidden_failures_do_not_echo_the_exception_text(course, write):
    leaky = "\ndef mae(y, y_hat):\n    raise ValueError('inputs were ' + repr(y))\n"
    result = pipeline.grade(course, "exercise3", runner.Target(files=[solution(write, leaky)]), hidden=True)
    tests = result.task("mae").tests
    public, hidden = [t for t in tests if not t.hidden], [t for t in tests if t.hidden]
    assert hidden and all("inputs were" not in t.message and "ValueError" not in t.message for t in hidden)
    assert all(t.kind == "exception" and "not shown" in t.message for t in hidden)
    # public tests ran before any hidden input reached the child: their text is the student's own
    assert public and all("inputs were" in t.message for t in public)
    public_only = pipeline.grade(course, "exercise3", runner.Target(files=[solution(write, leaky)]))
    assert all("inputs were" in t.message for t in public_only.task("mae").tests)


def test_score_all_or_nothing_and_partial_credit_on_the_same_run(course, write):
    config = course.exercise("exercise3")
    tasks = pipeline.load_tasks(course, "exercise3")
    planned = pipeline.plan(course, "exercise3", tasks)
    programs = [(fixtures.with_purity_outputs(p.program), p.arrays) for p in planned]
    run = runner.run(runner.Target(files=[solution(write, MSE_SUM_ON_2D)]), programs, config.limits)

    strict = pipeline.score(config, tasks, planned, run.outcomes, run).task("mse")
    assert [t.passed for t in strict.tests] == [True, False, True]  # wrong only on the (4, 3) test
    assert strict.score == 0 and strict.max_score == 1
    assert [t.max_score for t in strict.tests] == pytest.approx([1 / 3] * 3)

    lenient = pipeline.score(dataclasses.replace(config, partial_credit=True), tasks, planned, run.outcomes, run)
    assert lenient.task("mse").score == pytest.approx(2 / 3)
    assert lenient.score == pytest.approx(13 + 2 / 3) and not lenient.full_marks
