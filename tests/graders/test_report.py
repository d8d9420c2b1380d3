"""The terminal table and the JSON output of a grading run."""

import io
import json

from rich.console import Console

from graders import report, results
from graders.results import ExerciseResult, score_task


def graded(name, *failures, passing=1):
    """A test list: ``passing`` passing tests, then one failing test per (message, hint)."""
    tests = [results.TestResult(f"{name} ok {i}", True, 0.0, 0.0) for i in range(passing)]
    tests += [results.TestResult(f"{name} case {i}", False, 0.0, 0.0, message=m, hint=h) for i, (m, h) in enumerate(failures)]
    return tests


def sample(stdout="", interrupted=False):
    return ExerciseResult("exercise3", "Softmax and losses", [
        score_task("softmax", 2, graded("softmax"), False),
        score_task("mse", 1, graded("mse", ("off by a factor of 2", "no 1/2 factor"), ("factor of 2 again", "second hint"),
                                        ("third message", "third hint")), False),
        score_task("mae", 1, graded("mae", ("not implemented yet", "")), False),
    ], stdout=stdout, interrupted=interrupted)


def table(result, verbose=False):
    out = io.StringIO()
    report.print_table(result, verbose=verbose, con=Console(file=out, width=250, highlight=False))
    return out.getvalue()


def test_json_of_one_result_is_exactly_its_schema():
    out = io.StringIO()
    report.print_json([sample()], out)
    assert out.getvalue().endswith("}\n")
    assert json.loads(out.getvalue()) == sample().to_json()


def test_json_of_several_results_is_a_list():
    out = io.StringIO()
    report.print_json([sample(), sample()], out)
    assert json.loads(out.getvalue()) == [sample().to_json()] * 2


def test_json_goes_to_stdout_by_default(capsys):
    report.print_json([sample()])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["max_score"] == 4 and captured.err == ""


def test_table_shows_every_task_and_the_score_line():
    text = table(sample())
    assert "exercise3: Softmax and losses" in text and "2/4 points" in text
    for name, tests, points in (("softmax", "1/1", "2/2"), ("mse", "1/4", "0/1"), ("mae", "1/2", "0/1")):
        row = next(line for line in text.splitlines() if line.startswith(f"{name} "))
        assert row.split() == [name, tests, points]  # a compact table: task, tests, points


def test_the_score_line_never_wraps_even_over_a_narrow_table():
    narrow = ExerciseResult("exercise2", "Derivatives and computation graphs", [score_task("f", 15, graded("f"), False)])
    first = table(narrow).splitlines()[0]
    assert first == "exercise2: Derivatives and computation graphs  —  15/15 points"


def test_failures_come_below_the_table_the_first_with_its_hint_and_a_count_of_the_rest():
    text = table(sample())
    lines = text.splitlines()
    table_end = lines.index(next(line for line in lines if line.split() == ["mae", "1/2", "0/1"]))
    assert lines.index("mse · mse case 0") > table_end
    assert "  off by a factor of 2" in lines and "  hint: no 1/2 factor" in lines
    assert "  (+2 more failing; -v shows all)" in lines
    assert "mse case 1" not in text and "second hint" not in text and "third message" not in text
    assert "mae · mae case 0" in lines and "  not implemented yet" in lines
    assert text.count("more failing") == 1  # mae has a single failure
    assert text.count("hint:") == 1  # a failure without a hint shows no hint line
    assert "softmax ·" not in text  # a task that passes has no failure text


def test_verbose_table_shows_every_failure():
    text = table(sample(), verbose=True)
    for words in ("mse · mse case 0", "off by a factor of 2", "hint: no 1/2 factor", "mse · mse case 1",
                  "factor of 2 again", "hint: second hint", "mse · mse case 2", "third message", "hint: third hint"):
        assert words in text
    assert "more failing" not in text


def test_in_a_notebook_the_options_are_named_as_check_takes_them():
    out = io.StringIO()
    report.print_table(sample(stdout="x\ny\n"), con=Console(file=out, width=80), notebook=True)
    text = out.getvalue()
    assert "check('exercise3', verbose=True) shows all" in text
    assert "check('exercise3', verbose=True) shows them" in text and "your code printed 2 lines" in text
    assert "-v" not in text


def test_fractional_points_show_two_decimals():
    result = ExerciseResult("exercise3", "Softmax and losses",
                            [score_task("mse", 1, graded("mse", ("wrong", ""), passing=2), partial_credit=True)])
    title, *rows = table(result).splitlines()
    assert "—  0.67/1" in title
    assert any("2/3" in row and "0.67/1" in row for row in rows)


def test_printed_output_is_counted_without_verbose_and_shown_with_it():
    printed = "\n".join(f"debug line {i}" for i in range(30))
    text = table(sample(stdout=printed))
    assert "debug line" not in text and "your code printed 30 lines (-v shows them)" in text
    text = table(sample(stdout=printed), verbose=True)
    assert "your code printed" in text
    lines = [line.strip() for line in text.splitlines()]
    assert "debug line 0" in lines and "debug line 29" in lines and "debug line 10" not in lines  # first and last
    assert "... (20 more lines) ..." in lines


def test_printed_output_is_shown_under_the_test_that_printed_it():
    tests = [results.TestResult("loud", False, 0.0, 0.0, message="wrong values", printed="hello from softmax\n")]
    result = ExerciseResult("exercise3", "Softmax and losses", [score_task("softmax", 2, tests, False)],
                            stdout="hello from softmax\n")
    text = table(result, verbose=True).splitlines()
    assert text.index("  hello from softmax") == text.index("softmax · loud") + 3  # message, "printed:", output
    assert "your code printed 1 line (-v shows them)" in table(result)


def test_interrupted_run_says_the_report_is_partial():
    assert "interrupted: the report above is partial" in table(sample(interrupted=True))
    assert "interrupted" not in table(sample())


def test_no_colour_when_stdout_is_not_a_terminal(capsys, monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    report.print_table(sample())
    out = capsys.readouterr().out
    assert "mse case 0" in out and "\x1b[" not in out


def test_colour_on_a_terminal_and_no_colour_with_no_color(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    report.print_table(sample())
    assert "\x1b[31m" in capsys.readouterr().out  # red points of a task that lost them
    monkeypatch.setenv("NO_COLOR", "1")
    report.print_table(sample())
    out = capsys.readouterr().out
    assert "mse case 0" in out and "\x1b[31m" not in out and "\x1b[32m" not in out


def test_stderr_console_leaves_stdout_alone(capsys):
    report.print_table(sample(), con=report.console(stderr=True))
    captured = capsys.readouterr()
    assert captured.out == "" and "exercise3" in captured.err


def test_student_text_reaches_the_terminal_without_escapes_or_bidi():
    evil = results.Failure("exception", detail="raised an exception",
                           student_text="ValueError: \x1b]52;c;cHduZWQ=\x07 \x1b[2J \u202eevil\r")
    result = ExerciseResult("exercise3", "Softmax and losses", [
        score_task("softmax", 2, [results.TestResult("t", False, 0.0, 0.0, failure=evil)], False)],
        stdout="printed \x1b[31m red \u2066")
    for verbose in (False, True):
        text = table(result, verbose=verbose)
        assert "ValueError" in text and "evil" in text
        for char in ("\x1b", "\x07", "\u202e", "\u2066", "\r"):
            assert char not in text


def test_printed_output_is_not_shown_where_hidden_tests_ran():
    """What a submission prints during hidden tests could be their inputs."""
    hidden = results.TestResult("random (hidden)", True, 0.0, 0.0, hidden=True)
    result = ExerciseResult("exercise3", "Softmax and losses", [score_task("softmax", 2, [hidden], False)],
                            stdout="LEAK 0.1234")
    assert "LEAK" not in table(result, verbose=True)


def test_tests_not_run_after_a_timeout_are_counted_apart():
    timeout = results.Failure("timeout", detail="did not return within 10 s")
    skipped = results.Failure("not_run", detail="not run: an earlier test of this task timed out")
    tests = [results.TestResult("loops", False, 0.0, 0.0, failure=timeout, hint="a maths hint")]
    tests += [results.TestResult(f"later {i}", False, 0.0, 0.0, failure=skipped) for i in range(3)]
    result = ExerciseResult("exercise3", "Softmax and losses", [score_task("softmax", 2, tests, False)])
    text = table(result)
    assert "softmax · loops" in text and "did not return within 10 s" in text
    assert "(3 not run; -v shows all)" in text and "more failing" not in text
    assert "hint:" not in text  # no subject hint on a timeout
