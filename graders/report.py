"""Stage 4 of grading: show the results (terminal table, JSON).

Colour only on a TTY (rich decides; ``NO_COLOR`` is honoured). ``--json`` prints exactly the
result schema of DESIGN.md and nothing else on stdout.
"""

from __future__ import annotations

import json
import sys

from .results import ExerciseResult, clean_text


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def preload() -> None:
    """Import the table's modules ahead of the results (``nnlab check`` does it while it waits)."""
    import rich.console  # noqa: F401
    import rich.table  # noqa: F401
    import rich.text  # noqa: F401


def print_json(results: list, out=None) -> None:
    out = out or sys.stdout
    data = results[0].to_json() if len(results) == 1 else [r.to_json() for r in results]
    out.write(json.dumps(data, indent=2) + "\n")


def print_table(result: ExerciseResult, verbose: bool = False, con=None, notebook: bool = False) -> None:
    """The score table (task, tests, points), then each failure at the console's full width.

    ``notebook``: the options are named as a notebook takes them (``check(..., verbose=True)``).
    A whole-file failure is one banner, and every task is "not graded"."""
    from rich.text import Text

    con = con or console()
    score = f"{_fmt(result.score)}/{_fmt(result.max_score)}"
    con.print(Text(clean_text(f"{result.exercise}: {result.title}  —  {score} points"), style="bold"))
    if result.error is not None:
        _print_banner(result.error, con)
    con.print(_score_table(result))
    if result.error is None:
        for task in result.tasks:
            _print_failures(task, verbose, con, _option(result.exercise, notebook, "shows all"))
        _print_notes(result, con)
    if result.interrupted:
        running = f" while {clean_text(result.running)} was running" if result.running else ""
        con.print(Text(f"interrupted{running}: the report above is partial", style="yellow"))
    _print_output(result, verbose, con, notebook)


def _option(exercise: str, notebook: bool, what: str) -> str:
    """How to ask for more, phrased for where the report is shown."""
    return f"check({exercise!r}, verbose=True) {what}" if notebook else f"-v {what}"


def _score_table(result: ExerciseResult):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_edge=False)
    table.add_column("task", no_wrap=True)
    table.add_column("tests", justify="right", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    for task in result.tasks:
        name = clean_text(task.name)
        if result.error is not None:  # the file failed as a whole: no test ran
            table.add_row(Text(name, style="dim"), Text("not graded", style="dim"),
                          Text(f"0/{_fmt(task.max_score)}", style="dim"))
        elif task.not_run:  # grading was interrupted before it: no points, no hint
            table.add_row(Text(name, style="dim"), Text("not run", style="dim"), Text("-", style="dim"))
        else:
            style = "green" if task.score >= task.max_score - 1e-9 else "red"
            table.add_row(Text(name, style="bold"), Text(f"{task.passed}/{len(task.tests)}", style=style),
                          Text(f"{_fmt(task.score)}/{_fmt(task.max_score)}", style=style))
    return table


def _print_banner(error, con) -> None:
    """A whole-file failure, like Python's own report: kind, file:line, the line, a caret, advice."""
    from rich.text import Text

    head = Text(error.title, style="bold red")
    if error.location:
        head.append(f" at {error.location}", style="bold")
    con.print(head)
    if error.message:
        _indented(con, Text(clean_text(error.message).rstrip()), 2)
    if error.source.strip():
        for line in _window(clean_text(error.source.rstrip()), error.caret(), con.width - 4):
            if line:
                _indented(con, Text(line, no_wrap=True, overflow="ellipsis"), 4)
    if error.advice:
        _indented(con, Text(clean_text(error.advice), style="yellow"), 2)
    con.print()


def _print_notes(result: ExerciseResult, con) -> None:
    """Notes on tests that passed or failed with NumPy warnings (the first per task: one is enough)."""
    from rich.text import Text

    for task in result.tasks:
        test = next((t for t in task.tests if getattr(t, "note", "")), None)
        if test is not None:
            con.print()
            head = Text(f"note: {clean_text(task.name)}", style="bold")
            head.append(f" · {clean_text(test.name)}")
            _indented(con, head, 0)
            _indented(con, Text(clean_text(test.note), style="yellow"), 2)


def _window(source: str, caret: str, width: int) -> tuple:
    """The source line and its caret, cut to ``width`` around the caret (a long line never wraps:
    the caret must stay under its column). What is left out on the left is shown as "... "."""
    if len(source) <= width or "^" not in caret:
        return source, caret
    col = caret.index("^")
    start = max(0, min(col - width // 3, len(source) - width + 4))
    space = source.rfind(" ", 0, start + 1)
    start = space + 1 if space >= 0 and start - space < 16 else start  # begin at a word where one is near
    return "... " + source[start:], "    " + caret[start:]


def _print_failures(task, verbose: bool, con, more: str) -> None:
    from rich.text import Text

    failures = [] if task.not_run else [t for t in task.failures if t.kind != "not_run" or verbose]
    loud = [t for t in task.tests if t.passed and t.printed] if verbose else []  # -v: their printing too
    for test in (failures if verbose else failures[:1]) + loud:
        con.print()
        head = Text(clean_text(task.name), style="bold")
        head.append(f" · {clean_text(test.name)}" + (" (passes)" if test.passed else ""))
        _indented(con, head, 0)
        body = Text() if test.passed else Text(clean_text(test.message))  # the child's text may hold escapes
        if test.hint and not test.passed:
            body.append("\nhint: ", style="yellow")
            body.append(clean_text(test.hint))
        if verbose and test.printed:
            body.append(("\n" if body.plain else "") + "your code printed:\n", style="dim")
            body.append(clean_text(_first_and_last(test.printed)))
        _indented(con, body, 2)
    skipped = sum(t.kind == "not_run" for t in task.tests)
    rest = len([t for t in task.tests if not t.passed]) - skipped - 1
    counts = [f"+{rest} more failing"] * (rest > 0) + [f"{skipped} not run"] * (skipped > 0)
    if not verbose and counts and failures:
        _indented(con, Text(f"({', '.join(counts)}; {more})", style="dim"), 2)


def _indented(con, text, indent: int) -> None:
    """``text`` word-wrapped to the console's width less ``indent``, each line indented (a line's
    own leading spaces hang over its continuation lines), no trailing spaces. A word longer than
    a line is folded, so nothing runs past the width."""
    from rich.text import Text

    for part in text.split("\n"):
        lead = len(part.plain) - len(part.plain.lstrip(" "))
        lead = lead if con.width - indent - lead >= 30 else 0
        width = max(10, con.width - indent - lead)
        part = part[lead:] if lead else part
        for line in part.wrap(con, width, overflow=text.overflow or "fold", no_wrap=text.no_wrap):
            line.rstrip()
            con.print(Text(" " * (indent + lead)) + line, no_wrap=True, crop=True, overflow="ellipsis")


def _first_and_last(text: str, keep: int = 5) -> str:
    """The first and last ``keep`` lines of ``text``, with how many were left out between them."""
    lines = text.rstrip("\n").splitlines()
    if len(lines) <= 2 * keep + 1:
        return "\n".join(lines)
    return "\n".join([*lines[:keep], f"... ({len(lines) - 2 * keep} more lines) ...", *lines[-keep:]])


def _print_output(result: ExerciseResult, verbose: bool, con, notebook: bool) -> None:
    """What the student's code printed: counted without -v, shown with it (never where hidden tests ran)."""
    from rich.text import Text

    hidden_ran = any(t.hidden for task in result.tasks for t in task.tests)  # printing could carry their inputs
    if not result.stdout.strip() or hidden_ran:
        return
    lines = result.stdout.rstrip("\n").splitlines()
    attributed = any(t.printed for task in result.tasks for t in task.tests)
    if not verbose:
        shows = _option(result.exercise, notebook, "shows them")
        con.print(Text(f"your code printed {len(lines)} line{'s' * (len(lines) != 1)} ({shows})", style="dim"))
    elif not attributed:  # not tied to a test (printed while loading, or by an older child)
        con.print(Text("your code printed:", style="dim"))
        con.print(Text(clean_text(_first_and_last(result.stdout))))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"
