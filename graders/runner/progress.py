"""The status line of a check on a terminal: which test is running, once one takes a while.

Standard library only (``nnlab check`` imports it before NumPy). It writes to stderr, only after
a test has run for ``after`` seconds (a quick check never shows it), and clears its line at the
end, so the report below starts on a clean line.
"""

from __future__ import annotations

import sys


class StatusLine:
    """``progress(name, seconds)`` for ``runner.run``: "running softmax/huge_logits (3 s)"."""

    def __init__(self, stream=None, after: float = 1.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.after = after
        self.shown = ""

    def __call__(self, name: str, seconds: float) -> None:
        text = f"running {name} ({int(seconds)} s)..." if name and seconds >= self.after else ""
        if text == self.shown:
            return
        try:  # \r plus "erase line": the line is rewritten in place, never scrolls
            self.stream.write("\r\x1b[2K" + text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal must not break grading
            pass
        self.shown = text


def for_terminal(quiet: bool) -> StatusLine | None:
    """A status line where a person watches stderr (a TTY), else None (pipes, --json)."""
    try:
        return None if quiet or not sys.stderr.isatty() else StatusLine()
    except (AttributeError, ValueError):
        return None
