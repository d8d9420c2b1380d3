"""``nnlab check EXERCISE --watch``: check again on every save of the student's file.

Every check runs in a child that no earlier check has touched. While the student edits, the next
child is already started (NumPy imported, and TensorFlow for the exercises that need it), so a
re-check costs about the time of its tests, not an interpreter's start or TensorFlow's 7 s import.
The file is watched with ``watchfiles`` (inotify on Linux), not polled. Ctrl-C ends the watch:
exit 130, the waiting child stopped and its work dir removed.
"""

from __future__ import annotations

import json
import os
import sys

from .errors import CourseError
from .prewarm import WarmChild


def watch_check(exercise: str | None, path: str | None, as_json: bool, verbose: bool, warm: WarmChild,
                instructor: bool = False) -> int:
    """Check, then check again after every save, until Ctrl-C. Returns the exit code (130)."""
    from . import course as course_module

    if instructor:
        raise CourseError("--watch checks your own file: it does not go with --solution or --hidden")
    try:
        import watchfiles
    except ImportError:
        raise CourseError("--watch needs the watchfiles package: pip install watchfiles") from None
    course = course_module.load()
    if path is None and exercise and exercise.endswith((".py", ".ipynb")) and os.path.isfile(exercise):
        path = exercise
    exercise = course.resolve(exercise)
    config = course.exercise(exercise)
    watched = os.path.abspath(path or course.student_path(exercise))
    waiting: WarmChild | None = None  # the child started for the next save, not used yet
    try:
        while True:
            finished = _check_once(course, exercise, path, as_json, verbose, waiting or warm)
            waiting = None  # used: the run stopped it and removed its work dir
            if not finished:
                return 130  # Ctrl-C during the check: the partial report is shown, the watch ends
            waiting = WarmChild(tensorflow=config.needs_tensorflow)  # fresh, for the next save only
            _say(f"watching {os.path.basename(watched)}: every save checks again (Ctrl-C stops)")
            _wait_for_save(watchfiles, watched)
    except KeyboardInterrupt:
        _say("stopped watching")
        return 130
    finally:
        if waiting is not None:
            waiting.discard()


def _check_once(course, exercise: str, path: str | None, as_json: bool, verbose: bool, warm: WarmChild) -> bool:
    """One check in ``warm``, reported like ``nnlab check``; False when it was interrupted."""
    from . import report
    from .public import grade_public
    from .runner.progress import for_terminal
    from .status import save_result
    from .targets import student_target

    try:
        target = student_target(course, exercise, path)
    except CourseError as exc:  # e.g. the file is gone mid-save: say so and wait for the next save
        warm.discard()
        _say(f"error: {exc}")
        return True
    result = grade_public(course, exercise, target, warm=warm, progress=for_terminal(quiet=as_json))
    if as_json:  # one line per check, so a reader can take each report as it comes
        sys.stdout.write(json.dumps(result.to_json()) + "\n")
        sys.stdout.flush()
    else:
        report.print_table(result, verbose=verbose)
    if not path:
        save_result(course, result)
    return not result.interrupted


def _wait_for_save(watchfiles, watched: str) -> None:
    """Block until ``watched`` is written (or replaced: editors save by renaming a new file over it).

    The folder is watched, not the file, so a save that replaces the file is seen too."""
    def is_it(change, changed: str) -> bool:
        return os.path.abspath(changed) == watched

    for _ in watchfiles.watch(os.path.dirname(watched), watch_filter=is_it, raise_interrupt=True):
        if os.path.exists(watched):
            return


def _say(text: str) -> None:
    sys.stderr.write(f"nnlab: {text}\n")
    sys.stderr.flush()
