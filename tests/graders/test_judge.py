"""The judge: exact shapes, finite values, tolerances, and diagnoses that name the mistake."""

import numpy as np
import pytest

from graders.judge import compare, diagnose, error_message

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


def test_hidden_tests_do_not_echo_exception_text():
    error = {"kind": "exception", "message": "Traceback...\nValueError: secret input [1.234, 5.678]"}
    shown = error_message(error, hidden=True)
    assert "1.234" not in shown and "ValueError" in shown
    assert "1.234" in error_message(error, hidden=False)


def test_a_list_of_numbers_stands_for_a_tuple_of_scalars():
    expected = [np.array(3.0), np.array(1.0)]
    assert compare(expected, np.array([3.0, 1.0]), 1e-6, 1e-9) is None
    assert "value 2" in compare(expected, np.array([3.0, 2.0]), 1e-6, 1e-9)
    assert "expected 2 values, got 3" in compare(expected, [np.array(3.0)] * 3, 1e-6, 1e-9)
