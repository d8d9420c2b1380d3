"""nnlab's grading engine: spec -> run -> judge -> report (see DESIGN.md).

In a notebook, ``from graders import check; check("exercise3")`` grades the functions the
notebook defined and shows the same table as ``nnlab check``; ``plot("exercise3", "softmax")``
shows the pictures ``nnlab plot`` draws, from the same functions. Importing this package is cheap:
everything heavy (rich, the runner, TensorFlow for exercises that need it) loads on first use.
"""

from __future__ import annotations

__all__ = ["check", "plot"]


def check(exercise: str, file: str | None = None, *, hidden: bool = False, verbose: bool = False,
          hint: str | None = None, level: int | None = None):
    """Grade ``exercise`` on the functions defined in this notebook (or in ``file``) and show the table.

    ``check("exercise3", hint="softmax")`` shows a hint for that task instead: the idea and where the
    instructions explain it, then (asked again, or ``level=3``) the formula. Hints never change points.

    Never raises and never exits, so a notebook kernel survives it; returns the result
    (``.score``, ``.max_score``, ``.to_json()``) or None when the check could not run.
    """
    from .notebook import check as _check

    return _check(exercise, file, hidden=hidden, verbose=verbose, hint=hint, level=level)


def plot(exercise: str, task: str | None = None, file: str | None = None) -> list:
    """Show the pictures of ``exercise`` (or of one ``task``) drawn from the functions this notebook
    defined (or ``file``), each with what to look for. Never raises; returns the figures."""
    from .plots import show

    return show(exercise, task, file)
