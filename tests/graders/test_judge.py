"""The judge: exact shapes, finite values, tolerances, and diagnoses that name the mistake."""

import numpy as np
import pytest

from graders.judge import compare, diagnose, error_message, failure_of, find_problem
from graders.results import render_failure
from graders.spec import call

E = np.array([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]])


def test_equal_within_tolerance_passes():
    assert compare(E, E + 1e-12, rtol=1e-6, atol=1e-9) is None


def test_wrong_value_reports_worst_index_and_errors():
    got = E.copy()
    got[1, 2] = 0.5
    message = compare(E, got, rtol=1e-6, atol=1e-9)
    assert "1 of 6 differ" in message and "index (1, 2)" in message
    assert "expected 0.4, got 0.5" in message


def test_no_broadcasting_of_a_column():
    message = compare(np.arange(3.0), np.arange(3.0).reshape(3, 1), 1e-6, 1e-9)
    assert "wrong shape" in message and "(3,) vs" not in message and "(n,) vs (n, 1)" in message


def test_transposed_output_is_named():
    message = compare(E, E.T.copy(), 1e-6, 1e-9)
    assert "transposed" in message


def test_nan_is_never_close():
    got = E.copy()
    got[0, 0] = np.nan
    assert "non-finite" in compare(E, got, 1e-6, 1e-9)


def test_scalar_where_array_expected():
    assert "a single number where an array was expected" in compare(E, np.array(0.25), 1e-6, 1e-9)


def test_structure_mismatch():
    assert "expected 3 values, got 2" in compare([E, E, E], [E, E], 1e-6, 1e-9)
    assert "missing ['b']" in compare({"a": E, "b": E}, {"a": E}, 1e-6, 1e-9)
    assert "expected an array" in compare(E, [E], 1e-6, 1e-9)


@pytest.mark.parametrize("factor, words", [(6.0, "factor of 6"), (0.5, "factor of 1/2"), (-1.0, "sign is flipped")])
def test_known_factor_mistakes_are_diagnosed(factor, words):
    assert words in diagnose(E, E * factor)


@pytest.mark.parametrize("factor, words", [(10000.0, "factor of 10000"), (1e-4, "factor of 1/10000"), (3 + 2e-6, "factor of 3"),
                                           (2.5, "same factor 2.5"), (10001.0, "same factor 1e+04"), (1 / 10001, "same factor")])
def test_whole_factors_up_to_10000_are_named_and_others_given_as_numbers(factor, words):
    assert words in diagnose(E, E * factor)
    assert "factor of 1/1 " not in diagnose(E, E * factor)


def test_row_shift_is_diagnosed():
    assert "each row is off by a constant" in diagnose(E, E + np.array([[1.0], [2.0]]))


def test_scalar_diagnosis_only_for_meaningful_factors():
    assert diagnose(np.array(3.0), np.array(3.3)) is None
    assert "factor of 4" in diagnose(np.array(3.0), np.array(12.0))


def test_hidden_tests_do_not_echo_exception_text_nor_its_class_name():
    error = {"kind": "exception", "message": "Traceback...\nValueError: secret input [1.234, 5.678]"}
    shown = error_message(error, hidden=True)
    assert "1.234" not in shown and "ValueError" not in shown and shown.startswith("raised an exception")
    assert "1.234" in error_message(error, hidden=False) and "ValueError" in error_message(error, hidden=False)


def test_a_class_name_made_of_the_hidden_inputs_is_not_shown():
    """type('h_0_1234_5678', (Exception,), {}) carries inputs out in a name: hidden tests show the kind only."""
    error = {"kind": "exception", "message": "h_0_1234_5678: \n"}
    assert "1234" not in error_message(error, hidden=True)


def test_a_child_message_that_starts_like_the_parents_words_is_still_the_childs():
    """_SAFE_HIDDEN anchored only the start: 'did not return within 10 s' + inputs passed through."""
    forged = {"kind": "timeout", "message": "did not return within 10 s 0.1234 0.5678"}
    assert "0.1234" not in error_message(forged, hidden=True)
    failure = failure_of(forged)
    assert failure.kind == "timeout" and failure.student_text == "" and "0.1234" not in failure.detail
    # the same words written by the parent are its own, and a public test shows them
    parent = failure_of({**forged, "message": "did not return within 10 s (an infinite loop?)", "source": "parent"})
    assert parent.detail.startswith("did not return within 10 s")


@pytest.mark.parametrize("kind, expected", [("exception", "exception"), ("load_exception", "exception"),
                                            ("signal", "crashed"), ("cpu", "timeout"), ("memory", "memory"),
                                            ("load_memory", "memory"), ("not_implemented", "not_implemented"),
                                            ("forbidden", "forbidden_import"), ("load_forbidden", "forbidden_import"),
                                            ("wrong_value", "exception"), ("anything 0.1234", "exception")])
def test_runner_kinds_map_onto_a_closed_set(kind, expected):
    """A kind the child invents (or one only the judge may give) is just an exception."""
    assert failure_of({"kind": kind, "message": "x"}).kind == expected


def test_a_missing_function_is_named_only_if_the_test_called_it():
    case = call("softmax", np.zeros(3))
    assert "`softmax`" in failure_of({"kind": "missing", "message": "softmax"}, case).detail
    assert "0.1234" not in failure_of({"kind": "missing", "message": "0.1234"}, case).detail


def test_failures_are_typed_with_the_parents_numbers():
    got = E.copy()
    got[1, 2] = 0.5
    failure = find_problem(E, got, 1e-6, 1e-9)
    assert failure.kind == "wrong_value" and failure.diagnosis is None
    n = failure.numbers
    assert (n.n_wrong, n.size, n.worst_index, n.expected, n.got) == (1, 6, (1, 2), 0.4, 0.5)
    assert n.max_abs_error == pytest.approx(0.1) and n.max_rel_error == pytest.approx(0.25)
    transposed = find_problem(E, E.T.copy(), 1e-6, 1e-9)
    assert (transposed.kind, transposed.diagnosis) == ("wrong_shape", "transposed")
    assert transposed.numbers.expected_shape == (2, 3) and transposed.numbers.got_shape == (3, 2)
    factor = find_problem(E, 6 * E, 1e-6, 1e-9)
    assert (factor.diagnosis, factor.numbers.factor) == ("factor", 6.0)
    nan = E.copy()
    nan[0, 1] = np.nan
    assert find_problem(E, nan, 1e-6, 1e-9).kind == "not_finite"
    assert find_problem([E, E], [E, 2 * E], 1e-6, 1e-9).where == "value 2"
    assert find_problem({"W1": E}, {"W2": E}, 1e-6, 1e-9).kind == "wrong_type"


def test_a_hidden_failure_shows_only_the_parents_fields():
    got = E.copy()
    got[1, 2] = 123.456
    failure = find_problem(E, got, 1e-6, 1e-9)
    shown = render_failure(failure, hidden=True)
    assert "wrong values" in shown and "max abs error" in shown
    # not the student's value, not where it differs, not the expected (hidden) answer
    assert "123.456" not in shown and "(1, 2)" not in shown and "0.4" not in shown


@pytest.mark.parametrize("value", [1e-320, 5e-324, 1e308, -1e308, np.inf, -np.inf, np.nan, 0.0, -0.0])
def test_diagnose_never_crashes_on_extreme_floats(value):
    """A softmax returning 1e-320 everywhere overflowed round(1.0 / r)."""
    expected = np.full((2, 3), 1 / 3)
    diagnose(expected, np.full((2, 3), value))
    diagnose(np.full((2, 3), value), expected)
    find_problem(expected, np.full((2, 3), value), 1e-6, 1e-9)
    assert find_problem(expected, np.full((2, 3), 1e-320), 1e-6, 1e-9).kind == "wrong_value"


def test_a_list_of_numbers_stands_for_a_tuple_of_scalars():
    expected = [np.array(3.0), np.array(1.0)]
    assert compare(expected, np.array([3.0, 1.0]), 1e-6, 1e-9) is None
    assert "value 2" in compare(expected, np.array([3.0, 2.0]), 1e-6, 1e-9)
    assert "expected 2 values, got 3" in compare(expected, [np.array(3.0)] * 3, 1e-6, 1e-9)
