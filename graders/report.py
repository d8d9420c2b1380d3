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


def print_table(result: ExerciseResult, verbose: bool = False, con=None) -> None:
    from rich.table import Table
    from rich.text import Text

    con = con or console()
    score = f"{_fmt(result.score)}/{_fmt(result.max_score)}"
    title = clean_text(f"{result.exercise}: {result.title}  —  {score} points")
    table = Table(show_lines=True, expand=False)
    table.add_column("task", style="bold", no_wrap=True)
    table.add_column("tests", justify="right", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("first failure" if not verbose else "failures", overflow="fold")
    for task in result.tasks:
        if task.not_run:  # grading was interrupted before it: no points, no hint
            table.add_row(Text(clean_text(task.name), style="dim"), Text("not run", style="dim"),
                          Text("-", style="dim"), Text("not run", style="dim"))
            continue
        full = task.score >= task.max_score - 1e-9
        status = Text(f"{task.passed}/{len(task.tests)}", style="green" if full else "red")
        points = Text(f"{_fmt(task.score)}/{_fmt(task.max_score)}", style="green" if full else "red")
        failures = [t for t in task.tests if not t.passed]
        shown = failures if verbose else failures[:1]
        detail = Text()
        for i, test in enumerate(shown):
            if i:
                detail.append("\n\n")
            detail.append(f"{clean_text(test.name)}: ", style="bold")
            detail.append(clean_text(test.message))  # the child's text may hold terminal escapes
            if test.hint:
                detail.append("\nhint: ", style="yellow")
                detail.append(clean_text(test.hint))
        if not shown:
            detail.append("all tests pass", style="green")
        elif not verbose and len(failures) > 1:
            detail.append(f"\n(+{len(failures) - 1} more failing; -v shows all)", style="dim")
        table.add_row(clean_text(task.name), status, points, detail)
    con.print(Text(title, style="bold"))  # a line of its own: a table title would wrap to the table's width
    con.print(table)
    if result.interrupted:
        running = f" while {clean_text(result.running)} was running" if result.running else ""
        con.print(Text(f"interrupted{running}: the report above is partial", style="yellow"))
    hidden_ran = any(t.hidden for task in result.tasks for t in task.tests)  # printing could carry their inputs
    if verbose and result.stdout.strip() and not hidden_ran:
        con.print("[dim]your code printed (last lines):[/dim]")
        con.print(Text(clean_text("\n".join(result.stdout.strip().splitlines()[-20:]))))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"
