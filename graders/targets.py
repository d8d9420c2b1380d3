"""What a grading run loads in the child: a student's file, or the reference solution."""

from __future__ import annotations

import importlib.util
import os

from .course import Course, CourseError, ExerciseConfig
from .runner import Target


def student_target(course: Course, exercise_id: str, path: str | None = None) -> Target:
    """The student's module for ``exercise_id`` (default: the stub in exercises/<id>/)."""
    path = os.path.abspath(path or course.student_path(exercise_id))
    if not os.path.exists(path):
        raise CourseError(f"no such file: {path}")
    if not os.path.isfile(path):
        raise CourseError(f"not a file: {path}")
    forbidden = dict(course.exercise(exercise_id).forbidden_imports)
    if path.endswith(".ipynb"):
        from .notebook import convert_notebook, show_notes

        # Parsed in a limited child; the module goes to the run as text (no temp file to leave behind).
        conversion = convert_notebook(path, course.exercise(exercise_id).limits.notebook_mb)
        show_notes(conversion, path)
        stem = os.path.splitext(os.path.basename(path))[0]
        return Target(sources={f"{stem}_ipynb.py": conversion.source}, forbidden=forbidden)
    if not path.endswith(".py"):
        raise CourseError(f"{os.path.basename(path)}: expected a .py module or an .ipynb notebook")
    return Target(files=[path], forbidden=forbidden)


def reference_target(course: Course, config: ExerciseConfig) -> Target:
    """The reference modules of an exercise, imported by name in the child (trusted code)."""
    for name in config.reference:
        if importlib.util.find_spec(name.split(".")[0]) is None:
            raise CourseError("the reference solutions are not part of this course folder (a student handout?)")
    return Target(modules=list(config.reference), sys_path=[course.root])
