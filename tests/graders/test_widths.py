"""Every kind of report fits the terminal: at 60, 80 and 120 columns no line is longer than the
width, and no identifier (task or function name) is split across lines."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.console import Console

from graders import judge, report
from graders.results import ExerciseResult, Failure, FileError, score_task
from graders.results import TestResult as Result

LONG = "sparse_categorical_cross_entropy"
LOGITS = "binary_cross_entropy_from_logits"


def case(name, failure=None, hint="", hidden=False, printed=""):
    return Result(name, failure is None, 0.0, 0.0, failure=failure, hint=hint, hidden=hidden, printed=printed)


def kinds() -> dict:
    """One result per kind of report."""
    wrong = judge.array_problem(np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(3, 4) / 4, 1e-6, 1e-9)
    shape = judge.array_problem(np.zeros((5, 4)), np.zeros((4, 5)), 1e-6, 1e-9)
    crash = Failure("exception", detail="raised an exception", student_text=(
        f'  File "exercise3.py", line 12, in {LONG}\n    return -np.mean(np.log(p[np.arange(len(y)), y]))\n'
        "IndexError: arrays used as indices must be of integer (or boolean) type"))
    timeout = Failure("timeout", detail="did not return within 10 s (the time limit per test; an infinite loop, "
                                        "or a very slow one?)")
    unwritten = Failure("not_implemented", detail="not implemented yet")
    hint = f"work from logits: -log(softmax) underflows to -log(0) = inf; use log_softmax in {LONG}"

    def result(*tasks, **kwargs):
        return ExerciseResult("exercise3", "Softmax and losses", list(tasks), **kwargs)

    passing = score_task(LOGITS, 2, [case("batch of 8 logits")], False)
    return {
        "pass": result(passing),
        "wrong values": result(score_task(LONG, 2, [case("huge logits, true class far below the max", wrong, hint),
                                                    case("batch of one", wrong, hint)], False), passing),
        "shape": result(score_task("softmax", 2, [case("square batch (4, 4): rows, not columns", shape, "axis")], False)),
        "exception": result(score_task(LONG, 2, [case("labels given as shape (m, 1)", crash, hint,
                                                      printed="debug\n" * 30)], False), stdout="debug\n" * 30),
        "timeout": result(score_task(LOGITS, 2, [case("huge logits, both signs (|z| = 1000)", timeout)], False)),
        "not implemented": result(score_task("mae", 1, [case("6 targets", unwritten)], False)),
        "banner": result(score_task(LONG, 2, [], False), score_task(LOGITS, 2, [], False), error=FileError(
            "syntax", message="expected ':'", file="exercise3_with_a_rather_long_file_name.py", line=120,
            source=f"def {LONG}(y, logits, *, from_logits=True, axis=-1, reduction='sum_over_batch_size')",
            column=95, advice="Python could not read your file: fix this line (or the one just above it) and "
                              "check again")),
        "hidden": result(score_task(LONG, 2, [case("random batch (hidden)", wrong, hint, hidden=True)], False)),
        "note": result(score_task("sigmoid_forward", 2, [Result("huge z", True, 0.0, 0.0, note=(
            "NumPy warned: overflow in np.exp: a value became inf along the way (exp of a large number?). The "
            "result came out right only because the inf vanished later"))], False)),
        "interrupted": result(score_task(LONG, 2, [case("batch of 6", Failure("not_run", detail="not run"))], False),
                              interrupted=True, running=f"{LONG}/huge logits, true class far below the max"),
    }


def render(result, width: int, verbose: bool, notebook: bool = False) -> str:
    out = io.StringIO()
    report.print_table(result, verbose=verbose, con=Console(file=out, width=width, highlight=False), notebook=notebook)
    return out.getvalue()


IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*_[A-Za-z0-9_]+")  # names with an underscore: tasks, functions


@pytest.mark.parametrize("kind", list(kinds()))
@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("verbose, notebook", [(False, False), (True, False), (False, True)])
def test_every_report_fits_the_width_and_splits_no_identifier(kind, width, verbose, notebook):
    result = kinds()[kind]
    text = render(result, width, verbose, notebook)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    wide = render(result, 1000, verbose, notebook)
    cut = set(IDENTIFIER.findall(result.error.source)) if result.error else set()  # a long source line is cropped
    for name in set(IDENTIFIER.findall(wide)) - cut:
        assert text.count(name) == wide.count(name), f"{name} is split at {width} columns"
    assert LONG in text or kind in ("shape", "timeout", "not implemented", "pass", "note")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_banner_keeps_a_long_line_on_one_line_with_the_caret_under_its_column(width):
    text = render(kinds()["banner"], width, False)
    lines = text.splitlines()
    source = kinds()["banner"].error.source
    i = next(i for i, line in enumerate(lines) if "axis=-1" in line)
    caret = lines[i + 1].index("^")
    assert lines[i][caret:caret + 6] == source[94:100]  # the caret stays under column 95 of the source
