"""Property-based tests (Hypothesis): the judge and every renderer of a result take any floats
(subnormal, +-inf, nan, +-0, 1e308), any output trees and any unicode, and never raise.

Examples are few per test and there is no deadline, so the file stays quick in CI; the
strategies lean on the values that broke things before (1e-320 softmax outputs overflowed
``round(1.0 / r)``; a message shaped like a gradient check crashed the feedback writer).
"""

from __future__ import annotations

import io
import json
import string

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from rich.console import Console

from graders import judge, report, results
from graders.export import gradescope_result
from graders.feedback import render
from graders.gradebook import Gradebook

FAST = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])

EDGE = st.sampled_from([0.0, -0.0, 1e-320, -5e-324, 2.2250738585072014e-308, 1e308, -1e308, np.inf, -np.inf, np.nan,
                        1.0, -1.0, 1e-3, 6.0])
ANY_FLOAT = st.one_of(EDGE, st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True))
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
ARRAYS = hnp.arrays(np.float64, SHAPES, elements=ANY_FLOAT)
# Text a student controls: any code point, with the dangerous ones made likely.
NASTY = st.sampled_from(["\x1b[2J", "\x1b]52;c;cHduZWQ=\x07", "\u202e", "\u2066", "\r", "\x00", "\x9b", "\ud800",
                         "$\\frac{", "<script>", "gradient check failed (threshold e): wrong: W 1e-3", "\n", "\t"])
TEXT = st.lists(st.one_of(st.text(max_size=12), NASTY), max_size=5).map("".join)


def trees(leaves=ARRAYS):
    """Output trees as the protocol returns them: None, float64 arrays, lists and str-keyed dicts."""
    return st.recursive(st.one_of(st.none(), leaves),
                        lambda children: st.one_of(st.lists(children, max_size=3),
                                                   st.dictionaries(st.text(string.ascii_letters, max_size=3),
                                                                   children, max_size=3)),
                        max_leaves=6)


@st.composite
def same_shape_pairs(draw):
    shape = draw(SHAPES)
    return (draw(hnp.arrays(np.float64, shape, elements=ANY_FLOAT)),
            draw(hnp.arrays(np.float64, shape, elements=ANY_FLOAT)))


# --------------------------------------------------------------------------- the judge


@FAST
@given(same_shape_pairs(), st.sampled_from([0.0, 1e-9, 1e-6, 1.0]), st.sampled_from([0.0, 1e-12, 1e-6]))
def test_compare_and_diagnose_take_any_floats(pair, rtol, atol):
    expected, got = pair
    with np.errstate(all="raise"):  # a warning turned error inside the judge would show up here
        failure = judge.find_problem(expected, got, rtol, atol)
        judge.diagnose(expected, got)
        judge.diagnose(got, expected)
    if failure is not None:
        assert failure.kind in results.KINDS
        assert failure.diagnosis is None or failure.diagnosis in results.DIAGNOSES
        results.render_failure(failure, hidden=True)
        json.dumps(results.TestResult("t", False, 0.0, 1.0, failure=failure).to_json(), allow_nan=False)
    else:
        assert np.array_equal(np.isnan(expected), np.isnan(got))


@FAST
@given(EDGE, st.integers(1, 5))
def test_a_constant_output_of_any_float_is_judged(value, k):
    """e.g. a softmax that returns 1e-320 everywhere."""
    expected = np.full((2, k), 1.0 / k)
    failure = judge.find_problem(expected, np.full((2, k), value), 1e-6, 1e-9)
    assert (failure is None) == (value == 1.0 / k)


@FAST
@given(trees(), trees())
def test_compare_takes_any_trees(expected, got):
    failure = judge.find_problem(expected, got, 1e-6, 1e-9)
    assert failure is None or failure.kind in results.KINDS


@FAST
@given(st.dictionaries(st.sampled_from(["kind", "message", "source", "line"]),
                       st.one_of(TEXT, st.integers(), st.none(), st.sampled_from(list(results.KINDS) + ["load_exception"])),
                       max_size=4),
       st.booleans())
def test_any_error_record_of_the_child_becomes_a_known_kind(error, hidden):
    failure = judge.failure_of(error)
    assert failure.kind in results.KINDS
    shown = judge.error_message(error, hidden)
    if hidden:  # nothing the child wrote, only the parent's words for the kind
        assert shown == results.render_failure(results.Failure(failure.kind, detail="x"), hidden=True)


# --------------------------------------------------------------------------- results and renderers


NUMBERS = st.builds(results.Numbers, max_abs_error=ANY_FLOAT, max_rel_error=ANY_FLOAT,
                    n_wrong=st.none() | st.integers(0, 10**9), size=st.none() | st.integers(0, 10**9),
                    rtol=ANY_FLOAT, atol=ANY_FLOAT, factor=st.none() | ANY_FLOAT, offset=st.none() | ANY_FLOAT,
                    expected_shape=st.none() | SHAPES, got_shape=st.none() | SHAPES,
                    worst_index=st.none() | SHAPES, expected=st.none() | ANY_FLOAT, got=st.none() | ANY_FLOAT)
GRADIENTS = st.builds(results.GradientCheck, threshold=ANY_FLOAT,
                      errors=st.dictionaries(TEXT, ANY_FLOAT, max_size=4))
FAILURES = st.builds(results.Failure, kind=st.sampled_from(list(results.KINDS)),
                     diagnosis=st.none() | st.sampled_from(list(results.DIAGNOSES)), where=TEXT,
                     numbers=st.none() | NUMBERS, gradient=st.none() | GRADIENTS, detail=TEXT, student_text=TEXT)
TESTS = st.builds(results.TestResult, name=TEXT, passed=st.booleans(), score=st.just(0.0), max_score=st.just(0.0),
                  message=TEXT, hint=TEXT, hidden=st.booleans(), failure=st.none() | FAILURES,
                  show_student_text=st.booleans())
EXERCISES = st.builds(
    lambda tasks, stdout, interrupted: results.ExerciseResult("exercise4", "Backprop", tasks, stdout=stdout,
                                                              interrupted=interrupted),
    st.lists(st.builds(lambda name, points, tests, partial: results.score_task(name, points, tests, partial),
                       TEXT, st.floats(0, 100), st.lists(TESTS, max_size=4), st.booleans()),
             max_size=4, unique_by=lambda task: task.name),  # course.yml's task names are unique
    TEXT, st.booleans())

UNSAFE = ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\u2066", "\ud800")


@FAST
@given(FAILURES, st.booleans())
def test_a_hidden_failure_shows_nothing_the_child_wrote(failure, student_text):
    shown = results.render_failure(failure, hidden=True)
    assert not any(ch in shown for ch in UNSAFE)
    for child_text in (failure.student_text, failure.detail):
        if len(child_text) >= 4 and child_text not in results.KINDS.values():
            assert child_text not in shown or child_text in results.render_failure(
                results.Failure(failure.kind, failure.diagnosis, failure.where, failure.numbers, failure.gradient),
                hidden=True)
    results.render_failure(failure, hidden=False, student_text=student_text)


@FAST
@given(EXERCISES, st.booleans())
def test_json_and_the_terminal_table_take_any_result(result, verbose):
    data = result.to_json()
    json.dumps(data, allow_nan=False)  # strict JSON: non-finite numbers are null
    out = io.StringIO()
    report.print_table(result, verbose=verbose, con=Console(file=out, width=80, highlight=False, color_system=None))
    text = out.getvalue()
    assert not any(ch in text for ch in UNSAFE)


@FAST
@given(EXERCISES)
def test_feedback_and_exports_take_any_result(result):
    data = result.to_json()
    page = render("s", {"exercise4": data}, plots=False)
    assert not any(ch in page for ch in UNSAFE)
    out = gradescope_result(data)
    assert not any(ch in t["output"] for t in out["tests"] for ch in UNSAFE)


@SLOW
@given(EXERCISES)
def test_feedback_plots_take_any_result(result):
    render("s", {"exercise4": result.to_json()}, plots=True)


@settings(max_examples=4, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(EXERCISES)
def test_the_gradebook_takes_any_result(tmp_path_factory, result):
    with Gradebook(str(tmp_path_factory.mktemp("gb"))) as gb:
        gb.record({"student": "s", "exercise": "exercise4", "sha256": "x", "grader_version": "v", "status": "graded",
                   "result": result.to_json()})
        stored = gb.result("s", "exercise4")
    text = json.dumps(stored, ensure_ascii=False)
    assert not any(ch in text for ch in UNSAFE)
    render("s", {"exercise4": stored}, plots=False)
