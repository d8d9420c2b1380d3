"""Deadlines and late work for ``nnlab grade``: when each submission was handed in, and its penalty.

course.yml gives each exercise a ``due`` time and the course a ``late_policy`` (course.py). The
time a submission was handed in comes from, in this order:

1. ``--times FILE``: a CSV with columns ``student,exercise,time`` (ISO 8601 with a zone), e.g.
   from an LMS's submission export;
2. nbgrader's ``timestamp.txt`` beside the notebook (``submitted/<student>/<exercise>/``),
   which nbgrader writes in UTC;
3. the file's modification time, with a warning: copying files resets it, so it is evidence of
   nothing. ``nnlab grade`` says how many times came from it.

The gradebook keeps the raw score, the penalty and the time (and where it came from); the final
score is raw - penalty, and every export shows it. Penalties are recomputed on every run, so a
changed due date or policy applies to grades already recorded.
"""

from __future__ import annotations

import csv
import datetime
import math
import os
import stat

from .course import Course, CourseError, LatePolicy, parse_time

TIMES_COLUMNS = ("student", "exercise", "time")
PERIOD_SECONDS = {"hour": 3600, "day": 86400}
NBGRADER_TIMESTAMP = "timestamp.txt"


def late_penalty(raw: float, max_score: float, due: datetime.datetime | None,
                 submitted: datetime.datetime | None, policy: LatePolicy) -> float:
    """Points taken off ``raw`` for handing in at ``submitted`` (0 when on time or within the grace
    period; then ``policy.penalty`` per started period after ``due``, at most the cap and the raw score)."""
    if due is None or submitted is None:
        return 0.0
    late = (submitted - due).total_seconds()
    if late <= policy.grace_minutes * 60:
        return 0.0
    periods = math.ceil(late / PERIOD_SECONDS[policy.per])
    scale = float(max_score) if policy.unit == "fraction" else 1.0
    return max(0.0, min(periods * policy.penalty * scale, policy.cap * scale, float(raw)))


def read_times(path: str) -> dict:
    """{(student, exercise): aware datetime} from a ``student,exercise,time`` CSV."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except OSError as exc:
        raise CourseError(f"--times {path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CourseError(f"--times {path}: not a UTF-8 CSV file") from None
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if any(c not in header for c in TIMES_COLUMNS):
        raise CourseError(f"--times {path}: expected the columns {','.join(TIMES_COLUMNS)} in the first row")
    where = {c: header.index(c) for c in TIMES_COLUMNS}
    times = {}
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise CourseError(f"--times {path}: row {n}: expected {len(header)} columns, got {len(row)}")
        when = parse_time(row[where["time"]])
        if when is None:
            raise CourseError(f"--times {path}: row {n}: time {row[where['time']]!r} is not ISO 8601 with a zone "
                              "(e.g. 2026-10-01T23:59:00+02:00)")
        times[(row[where["student"]].strip(), row[where["exercise"]].strip())] = when
    return times


def nbgrader_time(text: str) -> datetime.datetime | None:
    """nbgrader's timestamp.txt ("2026-10-01 21:00:00.123456 UTC"; no zone means UTC, as nbgrader writes)."""
    text = text.strip()
    if text.endswith(" UTC"):
        text = text[:-4] + "+00:00"
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=datetime.timezone.utc)


def submission_time(sub, times: dict) -> tuple:
    """(aware datetime or None, source) of one ``intake.Submission``: times | nbgrader | mtime."""
    if (sub.student, sub.exercise) in times:
        return times[(sub.student, sub.exercise)], "times"
    folder = os.path.dirname(sub.path)
    if os.path.basename(folder) == sub.exercise:  # nbgrader's <student>/<exercise>/ folder
        when = nbgrader_time(_read_small(os.path.join(folder, NBGRADER_TIMESTAMP)))
        if when is not None:
            return when, "nbgrader"
    try:
        mtime = os.lstat(sub.path).st_mtime
    except OSError:
        return None, ""
    return datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc), "mtime"


def _read_small(path: str) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return os.read(fd, 200).decode("utf-8", "replace")
    finally:
        os.close(fd)


def apply_deadlines(gb, course: Course, submissions: list, times: dict, say) -> dict:
    """Record each submission's time and penalty in the gradebook; returns {source: count}."""
    counts: dict = {}
    recorded = {(s["student"], s["exercise"]): s for s in gb.submissions()}
    guessed = 0  # times from file mtimes where a due date makes them matter
    for sub in submissions:
        row = recorded.get((sub.student, sub.exercise))
        if row is None:
            continue
        config = course.exercise(sub.exercise)
        when, source = submission_time(sub, times)
        counts[source] = counts.get(source, 0) + 1
        guessed += source == "mtime" and config.due is not None
        penalty = late_penalty(row["score"], row["max_score"], config.due, when, course.late_policy) \
            if row["status"] == "graded" else 0.0
        gb.set_late(sub.student, sub.exercise, config.due.isoformat() if config.due else "",
                    when.isoformat(timespec="seconds") if when else "", source, penalty)
    if guessed:
        say(f"nnlab grade: WARNING: {guessed} submission times come from file modification times (copying "
            "resets them): pass --times FILE (student,exercise,time) or grade nbgrader's submitted/ with its "
            "timestamp.txt files")
    unused = sorted(set(times) - {(s.student, s.exercise) for s in submissions})
    if unused:
        say(f"nnlab grade: --times: {len(unused)} rows match no submission (e.g. {'/'.join(unused[0])})")
    return counts
