"""A student's last check per exercise, kept in ``.nnlab/last/`` of the course folder for ``nnlab list``."""

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
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w") as f:
            json.dump({"score": result.score, "max_score": result.max_score, "time": time.time()}, f)
        os.replace(path + ".tmp", path)
    except OSError:
        pass  # a read-only course folder must not break grading


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
