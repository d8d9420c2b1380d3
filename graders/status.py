"""A student's last check per exercise, kept in ``.nnlab/last/`` of the course folder for ``nnlab list``
(and put in ``nnlab submit``'s zip), with the hint levels they opened (``hints.py``)."""

from __future__ import annotations

import json
import os
import time

from .course import Course
from .results import ExerciseResult


def _path(course: Course, exercise_id: str) -> str:
    return os.path.join(course.root, ".nnlab", "last", f"{exercise_id}.json")


def save_result(course: Course, result: ExerciseResult) -> None:
    """Keep ``result`` as the exercise's last check, unless it was interrupted (a partial score)."""
    if result.interrupted:
        return
    path = _path(course, result.exercise)
    try:
        data = {"score": result.score, "max_score": result.max_score, "time": time.time()}
        opened = hints_opened(course, result.exercise)  # kept across checks; never affects the score
        _write(path, {**data, "hints": opened} if opened else data)
    except OSError:
        pass  # a read-only course folder must not break grading


def _write(path: str, data: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(data, f)
    os.replace(path + ".tmp", path)


def _read(course: Course, exercise_id: str) -> dict:
    try:
        with open(_path(course, exercise_id)) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def valid_hints(data: object) -> dict:
    """``{task: highest level opened}`` from a status file's ``hints`` (anything malformed dropped)."""
    if not isinstance(data, dict):
        return {}
    return {str(task)[:100]: level for task, level in list(data.items())[:100]
            if isinstance(level, int) and not isinstance(level, bool) and 2 <= level <= 3}


def hints_opened(course: Course, exercise_id: str) -> dict:
    """``{task: the highest hint level the student opened}`` for the exercise (hints.py)."""
    return valid_hints(_read(course, exercise_id).get("hints"))


def record_hint(course: Course, exercise_id: str, task: str, level: int) -> None:
    """Keep that the student opened ``task``'s hint at ``level``, next to their last check."""
    data = _read(course, exercise_id)
    opened = valid_hints(data.get("hints"))
    opened[task] = max(level, opened.get(task, 0))
    try:
        _write(_path(course, exercise_id), {**data, "hints": opened})
    except OSError:
        pass  # a read-only course folder: the hint is still shown


def last_result(course: Course, exercise_id: str) -> dict | None:
    """{"score", "max_score", "time", "when"} of the last check, or None (never checked, or a file
    that is not one nnlab wrote: it is only a convenience, so it never stops ``nnlab list``)."""
    try:
        with open(_path(course, exercise_id)) as f:
            data = json.load(f)
        score, max_score, when = (float(data[k]) for k in ("score", "max_score", "time"))
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(when))
    except (OSError, ValueError, KeyError, TypeError, OverflowError):
        return None
    return {"score": score, "max_score": max_score, "time": when, "when": stamp}
