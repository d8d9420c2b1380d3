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


SCHEMA_KEYS = {"name", "passed", "score", "max_score", "message", "hint"}  # DESIGN.md's test schema
TYPED_KEYS = {"kind", "diagnosis", "hidden"}  # added: every test carries them


def test_json_schema_is_the_documented_one_plus_the_typed_fields():
    result = exercise(score_task("softmax", 2, graded(True, False), partial_credit=True))
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {"exercise", "score", "max_score", "tasks"}
    assert data["exercise"] == "exercise3" and data["score"] == 1 and data["max_score"] == 2
    (task,) = data["tasks"]
    assert set(task) == {"name", "score", "max_score", "tests"} and task["name"] == "softmax"
    assert [set(t) for t in task["tests"]] == [SCHEMA_KEYS | TYPED_KEYS] * 2
    assert task["tests"][1] == {"name": "t1", "passed": False, "score": 0, "max_score": 1, "message": "wrong",
                                "hint": "think", "kind": "wrong_output", "diagnosis": None, "hidden": False}
    assert task["tests"][0]["kind"] is None  # a passing test has no failure kind


def test_json_carries_the_parents_numbers_and_gradient_errors():
    failure = results.Failure("gradient", gradient=results.GradientCheck(1e-7, {"W": 0.3, "b": float("inf")}),
                              detail="gradient check failed")
    test = results.TestResult("grad", False, 0.0, 1.0, failure=failure)
    assert test.to_json()["gradient"] == {"threshold": 1e-7, "errors": {"W": 0.3, "b": None}}  # JSON has no inf
    numbers = results.Numbers(max_abs_error=0.5, got=123.0, worst_index=(1, 2), expected_shape=(2, 3))
    test = results.TestResult("v", False, 0.0, 1.0, failure=results.Failure("wrong_value", numbers=numbers))
    assert test.to_json()["numbers"] == {"max_abs_error": 0.5, "expected_shape": [2, 3], "worst_index": [1, 2],
                                         "got": 123.0}
    hidden = results.TestResult("v (hidden)", False, 0.0, 1.0, hidden=True,
                                failure=results.Failure("wrong_value", numbers=numbers))
    assert hidden.to_json()["numbers"] == {"max_abs_error": 0.5, "expected_shape": [2, 3]}
    json.dumps(hidden.to_json(), allow_nan=False)


def test_each_field_says_whether_a_hidden_test_may_show_it():
    """Only what the parent computed: never the child's text, value or shape, nor the expected answer."""
    assert results.hidden_ok(results.Failure, "kind") and results.hidden_ok(results.Failure, "diagnosis")
    assert not results.hidden_ok(results.Failure, "student_text") and not results.hidden_ok(results.Failure, "detail")
    for name in ("got", "got_shape", "worst_index", "expected"):
        assert not results.hidden_ok(results.Numbers, name)
    assert results.hidden_ok(results.Numbers, "max_abs_error")
    assert not results.hidden_ok(results.Numbers, "factor")  # the answer times r would carry r out


def test_a_hidden_test_shows_the_childs_numbers_only_to_two_digits():
    """got = answer + r at one place makes max_abs_error = r: full precision would be a channel."""
    numbers = results.Numbers(max_abs_error=0.123456789, max_rel_error=98765.4321, factor=3.14159265)
    gradient = results.GradientCheck(1e-7, {"W": 0.0123456789})
    failure = results.Failure("wrong_value", diagnosis="same_factor", numbers=numbers, gradient=gradient)
    hidden = results.TestResult("t (hidden)", False, 0.0, 1.0, hidden=True, failure=failure).to_json()
    assert hidden["numbers"] == {"max_abs_error": 0.12, "max_rel_error": 99000.0}
    assert hidden["gradient"]["errors"] == {"W": 0.012} and hidden["diagnosis"] == "same_factor"
    assert "3.14" not in hidden["message"] and "0.123" not in hidden["message"]
    public = results.TestResult("t", False, 0.0, 1.0, failure=failure).to_json()
    assert public["numbers"]["max_abs_error"] == 0.123456789 and public["numbers"]["factor"] == 3.14159265


def test_a_hidden_test_shows_no_child_text_and_a_public_one_shows_it_cleaned():
    failure = results.Failure("exception", detail="raised an exception",
                              student_text="Traceback\nSecretError: 0.1234 \x1b]52;c;cHduZWQ=\x07\u202e")
    hidden = results.TestResult("t (hidden)", False, 0.0, 1.0, hidden=True, failure=failure)
    assert "0.1234" not in hidden.message and "SecretError" not in hidden.message
    public = results.TestResult("t", False, 0.0, 1.0, failure=failure)
    assert "SecretError: 0.1234" in public.message
    assert "\x1b" not in public.message and "\u202e" not in public.message and "\\x1b]52" in public.message
    withheld = results.TestResult("t", False, 0.0, 1.0, failure=failure, show_student_text=False)
    assert "0.1234" not in withheld.message and "SecretError" not in withheld.message


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\r", "\x00", "\x7f", "\u202a", "\u202e", "\u2066",
                                  "\u2069", "\u200f", "\ud800"])
def test_clean_text_neutralises_controls_and_bidi_and_keeps_newline_and_tab(char):
    cleaned = results.clean_text(f"a{char}b\n\tc")
    assert char not in cleaned and cleaned.startswith("a\\") and cleaned.endswith("b\n\tc")
    cleaned.encode("utf-8")  # a lone surrogate would not even encode


def test_json_whole_numbers_are_ints_and_fractions_are_rounded():
    task = score_task("mse", 1, graded(True, True, False), partial_credit=True)
    data = exercise(task).to_json()
    assert type(data["max_score"]) is int and type(data["tasks"][0]["max_score"]) is int
    assert data["score"] == 0.666667 and data["tasks"][0]["tests"][0]["max_score"] == 0.333333


def test_json_marks_hidden_tests():
    test = results.TestResult("random shape (hidden)", True, 1.0, 1.0, hidden=True)
    assert test.to_json()["hidden"] is True and test.to_json()["name"] == "random shape (hidden)"


def test_rounding_a_hidden_number_never_makes_it_infinite():
    """1.75e308 to two digits is 1.8e308, past the largest float: shown as null, and JSON stays valid."""
    failure = results.Failure("gradient", gradient=results.GradientCheck(1e-7, {"W": 1.75e308}),
                              numbers=results.Numbers(max_abs_error=1.79e308))
    data = results.TestResult("t (hidden)", False, 0.0, 1.0, hidden=True, failure=failure).to_json()
    assert data["gradient"]["errors"] == {"W": None} and data["numbers"]["max_abs_error"] is None
    json.dumps(data, allow_nan=False)


def test_a_hidden_diagnosis_is_named_in_words_without_its_number():
    for name in results.DIAGNOSES:
        failure = results.Failure("wrong_value", diagnosis=name, numbers=results.Numbers(factor=7.25, offset=3.5))
        shown = results.render_failure(failure, hidden=True)
        assert "looks like: " in shown and "{" not in shown and "7.25" not in shown and "3.5" not in shown
