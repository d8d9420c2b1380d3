"""Results of a grading run: task scoring, totals, full marks and the JSON result schema."""

import json

import pytest

from graders import results
from graders.results import ExerciseResult, score_task


def graded(*passed):
    return [results.TestResult(f"t{i}", p, 0.0, 0.0, message="" if p else "wrong", hint="" if p else "think")
            for i, p in enumerate(passed)]


def test_all_or_nothing_needs_every_test():
    assert score_task("mse", 2, graded(True, True, True), partial_credit=False).score == 2
    task = score_task("mse", 2, graded(True, False, True), partial_credit=False)
    assert task.score == 0 and task.max_score == 2


def test_test_scores_add_up_to_the_task_score_in_both_modes():
    for partial, expected in ((False, [0.0, 0.0, 0.0]), (True, [1.0, 0.0, 1.0])):
        task = score_task("mse", 3, graded(True, False, True), partial_credit=partial)
        assert [t.score for t in task.tests] == expected and sum(expected) == task.score
        assert [t.max_score for t in task.tests] == [1.0, 1.0, 1.0]


def test_asking_for_an_unknown_task_names_it():
    result = ExerciseResult("exercise3", "Softmax", [score_task("mse", 1, graded(True), partial_credit=False)])
    assert result.task("mse").score == 1
    with pytest.raises(KeyError, match="exercise3 has no task 'msee'"):
        result.task("msee")


def test_partial_credit_shares_points_over_tests():
    task = score_task("mse", 3, graded(True, False, True), partial_credit=True)
    assert task.score == pytest.approx(2.0) and task.max_score == 3
    assert [t.max_score for t in task.tests] == [1.0, 1.0, 1.0]
    assert [t.score for t in task.tests] == [1.0, 0.0, 1.0]


def test_task_without_tests_scores_nothing():
    for partial in (False, True):
        task = score_task("empty", 2, [], partial_credit=partial)
        assert task.score == 0 and task.max_score == 2


def test_task_counts_passed_tests_and_finds_the_first_failure():
    task = score_task("softmax", 2, graded(True, False, False), partial_credit=False)
    assert task.passed == 1
    assert task.first_failure is task.tests[1]
    assert score_task("softmax", 2, graded(True, True), partial_credit=False).first_failure is None


def exercise(*tasks, interrupted=False):
    return ExerciseResult("exercise3", "Softmax and losses", list(tasks), interrupted=interrupted)


def test_exercise_totals_and_full_marks():
    full = score_task("a", 2, graded(True), False)
    lost = score_task("b", 1.5, graded(False), False)
    result = exercise(full, lost)
    assert result.score == 2 and result.max_score == 3.5
    assert not result.full_marks
    assert exercise(full, score_task("b", 1.5, graded(True), False)).full_marks
    assert result.task("b") is lost


def test_full_marks_tolerates_rounding_of_shared_points():
    task = score_task("a", 1, graded(True, True, True, True, True, True, True, True, True, True), partial_credit=True)
    assert exercise(task).full_marks


def test_an_interrupted_run_is_never_full_marks():
    assert not exercise(score_task("a", 2, graded(True), False), interrupted=True).full_marks


def test_an_exercise_with_no_points_is_full_marks():
    assert exercise().full_marks and exercise().score == 0


def test_json_schema_is_exactly_the_documented_one():
    result = exercise(score_task("softmax", 2, graded(True, False), partial_credit=True))
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {"exercise", "score", "max_score", "tasks"}
    assert data["exercise"] == "exercise3" and data["score"] == 1 and data["max_score"] == 2
    (task,) = data["tasks"]
    assert set(task) == {"name", "score", "max_score", "tests"} and task["name"] == "softmax"
    assert [set(t) for t in task["tests"]] == [{"name", "passed", "score", "max_score", "message", "hint"}] * 2
    assert task["tests"][1] == {"name": "t1", "passed": False, "score": 0, "max_score": 1, "message": "wrong", "hint": "think"}


def test_json_whole_numbers_are_ints_and_fractions_are_rounded():
    task = score_task("mse", 1, graded(True, True, False), partial_credit=True)
    data = exercise(task).to_json()
    assert type(data["max_score"]) is int and type(data["tasks"][0]["max_score"]) is int
    assert data["score"] == 0.666667 and data["tasks"][0]["tests"][0]["max_score"] == 0.333333


def test_json_does_not_mark_hidden_tests():
    test = results.TestResult("random shape (hidden)", True, 1.0, 1.0, hidden=True)
    assert "hidden" not in test.to_json() and test.to_json()["name"] == "random shape (hidden)"
