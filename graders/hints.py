"""Hints in levels, on request: ``nnlab check EX --hint TASK [--level N]`` and ``check(EX, hint=TASK)``.

* Level 1, shown by ``nnlab check`` for every failing test, names the mistake the test found
  (``Test.hint``), never the answer.
* Level 2 points to the idea and to the section of ``instructions.md`` that explains it.
* Level 3 states the formula.

Each task's levels 2 and 3 are ``Task.hints`` in ``graders/exercises/<exercise>.py``. Asking again
for the same task opens the next level. The highest level opened per task is kept in the student's
status file (``status.record_hint``), which ``nnlab submit`` puts in the zip, so class grading can
show which hints a student opened. Hints never change points.
"""

from __future__ import annotations

import os
import re

from .course import Course, CourseError

LEVELS = (2, 3)  # the levels opened on request (level 1 is printed by every check)
WORDS = {2: "the idea", 3: "the formula"}


def _task(course: Course, exercise: str, task: str):
    from .pipeline import load_tasks

    tasks = {t.name: t for t in load_tasks(course, exercise)}
    if task not in tasks:
        import difflib

        close = difflib.get_close_matches(task, list(tasks), n=1)
        extra = f" (did you mean {close[0]}?)" if close else f" (tasks: {', '.join(tasks)})"
        raise CourseError(f"{exercise} has no task {task!r}{extra}")
    return tasks[task]


def section(course: Course, exercise: str, functions: tuple) -> str | None:
    """The heading of ``instructions.md`` that introduces one of ``functions``, without its '#'s."""
    path = os.path.join(course.exercise_dir(exercise), "instructions.md")
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("#") and any(re.search(rf"`{re.escape(fn)}\b", line) for fn in functions):
            return line.lstrip("#").strip()
    return None


def hint_text(course: Course, exercise: str, task: str, level: int) -> str:
    """The text of ``task``'s hint at ``level`` (2 or 3); level 2 names its instructions section."""
    if level not in LEVELS:
        raise CourseError(f"hint levels on request are {' and '.join(map(str, LEVELS))} "
                          "(level 1 is shown by every check, for each failing test)")
    found = _task(course, exercise, task)
    if len(found.hints) != len(LEVELS):
        raise CourseError(f"{exercise}: {task} has no hints yet")
    text = found.hints[level - LEVELS[0]]
    if level == 2:
        heading = section(course, exercise, found.functions)
        if heading:
            text += f"\nRead: exercises/{exercise}/instructions.md, section \u201c{heading}\u201d."
    return text


def open_hint(course: Course, exercise: str, task: str, level: int | None = None) -> tuple[int, str]:
    """(level, text) of the hint a student asked for, recorded in their status file. Without
    ``level``: level 2 the first time, then level 3."""
    from .status import hints_opened, record_hint

    if level is None:
        level = min(hints_opened(course, exercise).get(task, 1) + 1, LEVELS[-1])
    text = hint_text(course, exercise, task, level)
    record_hint(course, exercise, task, level)
    return level, text


def format_hint(exercise: str, task: str, level: int, text: str, again: str = "--level 3") -> str:
    """What the terminal and the notebook print (``again``: how to ask for level 3 there)."""
    more = f"\n(ask again, or add {again}, for {WORDS[3]})" if level < LEVELS[-1] else ""
    return f"{exercise} / {task}: hint level {level} of 3 ({WORDS[level]})\n{text}{more}\nHints never change points."


def opened_in_zip(data: bytes, exercise: str) -> dict:
    """``{task: level}`` of the hints recorded in a ``nnlab submit`` zip's check report, for the
    instructor's view; {} when there is none or it is unreadable. Call it only on a zip that
    ``submit.unpack_submission`` accepted (members and sizes checked); the report is the student's
    own file, so it is validated here and never trusted for anything but this list."""
    import io
    import json
    import zipfile

    from .status import valid_hints
    from .submit import CHECK_REPORT, _read_member

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        if CHECK_REPORT not in zf.namelist():
            return {}
        report = json.loads(_read_member(zf, zf.getinfo(CHECK_REPORT)))
    except Exception:  # a report is a convenience: never a reason to lose a grade
        return {}
    return valid_hints(report.get("hints")) if isinstance(report, dict) else {}
