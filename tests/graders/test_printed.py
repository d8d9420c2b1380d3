"""What a submission prints is tied to the test that printed it (issue 11, item 5): counted without
-v, shown under its test with -v (first and last lines), never for a hidden test."""

from __future__ import annotations

import io

from rich.console import Console

from graders import pipeline, report, runner
from tests.conftest import ROOT

LOUD = """import numpy as np


def softmax(z):
    print("softmax got shape", np.shape(z))
    for i in range(30):
        print("row", i)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True))[..., ::-1]
"""


def graded(course, write, **kwargs):
    target = runner.Target(files=[write("loud.py", LOUD)], modules=["reference.numpy.losses"], sys_path=[ROOT])
    tasks = [t for t in pipeline.load_tasks(course, "exercise3") if t.name == "softmax"]
    return pipeline.grade(course, "exercise3", target, tasks=tasks, **kwargs)


def test_each_test_keeps_what_it_printed(course, write):
    result = graded(course, write)
    tests = result.task("softmax").tests
    first = next(t for t in tests if t.name == "batch of 5 examples, 4 classes")
    assert first.printed.splitlines()[0] == "softmax got shape (5, 4)" and len(first.printed.splitlines()) == 31
    square = next(t for t in tests if t.name.startswith("square batch"))
    assert square.printed.startswith("softmax got shape (4, 4)\n")
    out = io.StringIO()
    report.print_table(result, verbose=True, con=Console(file=out, width=80))
    lines = out.getvalue().splitlines()
    at = lines.index("softmax · batch of 5 examples, 4 classes")
    shown = lines[at:lines.index("", at)]
    assert "  softmax got shape (5, 4)" in shown and "  row 29" in shown and "  row 15" not in shown  # first and last
    out = io.StringIO()
    report.print_table(result, con=Console(file=out, width=80))
    assert f"your code printed {len(result.stdout.splitlines())} lines (-v shows them)" in out.getvalue()
    assert "row 29" not in out.getvalue()


def test_a_hidden_test_never_keeps_what_was_printed(course, write):
    result = graded(course, write, hidden=True, seed_key="alice")
    hidden = [t for t in result.task("softmax").tests if t.hidden]
    assert hidden and all(t.printed == "" for t in hidden)
    out = io.StringIO()
    report.print_table(result, verbose=True, con=Console(file=out, width=80))
    blocks = out.getvalue().split("\nsoftmax · ")[1:]
    assert any("(hidden)" in b.splitlines()[0] for b in blocks)
    for block in blocks:  # public tests ran first (their printing cannot hold a hidden input): only theirs
        assert ("your code printed:" in block) == ("(hidden)" not in block.splitlines()[0])


def test_with_verbose_a_passing_test_shows_what_it_printed_too():
    from graders.results import ExerciseResult, TestResult, score_task

    tests = [TestResult("quiet", True, 0.0, 0.0), TestResult("chatty", True, 0.0, 0.0, printed="step 1\nstep 2\n")]
    result = ExerciseResult("exercise3", "Softmax and losses", [score_task("mse", 1, tests, False)],
                            stdout="step 1\nstep 2\n")
    out = io.StringIO()
    report.print_table(result, verbose=True, con=Console(file=out, width=80))
    lines = out.getvalue().splitlines()
    at = lines.index("mse · chatty (passes)")
    assert lines[at + 1:at + 4] == ["  your code printed:", "  step 1", "  step 2"]
    assert "quiet" not in out.getvalue()
