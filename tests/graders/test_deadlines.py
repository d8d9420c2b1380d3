"""Deadlines: course.yml's due and late_policy, submission times, and the penalty in every export."""

from __future__ import annotations

import csv
import datetime
import json
import os

import pytest
import yaml

from graders import course as course_module
from graders import deadlines
from graders.course import CourseError, LatePolicy
from tests.graders import classroom

UTC = datetime.timezone.utc
DUE = datetime.datetime(2026, 10, 1, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


def policy(**kw) -> LatePolicy:
    return LatePolicy(**{**course_module.LATE_POLICY, **kw})


def after(**delta) -> datetime.datetime:
    return DUE + datetime.timedelta(**delta)


@pytest.mark.parametrize("raw, submitted, kw, expected", [
    (14, after(minutes=-1), {"penalty": 0.1}, 0.0),  # on time
    (14, after(minutes=10), {"penalty": 0.1, "grace_minutes": 15}, 0.0),  # within the grace period
    (14, after(minutes=16), {"penalty": 0.1, "grace_minutes": 15}, 1.4),  # one started day: 10% of 14 points
    (10, after(days=2, minutes=1), {"penalty": 0.1}, 4.2),  # three started days, of the maximum, not the raw score
    (14, after(days=30), {"penalty": 0.1, "cap": 0.5}, 7.0),  # capped at half the points
    (14, after(hours=3, seconds=1), {"penalty": 1, "per": "hour", "unit": "points", "cap": 10}, 4.0),
    (9, after(days=30), {"penalty": 1, "unit": "points", "cap": 100}, 9.0),  # never more than the raw score
    (14, after(days=3), {}, 0.0),  # no policy: lateness recorded, nothing taken off
])
def test_late_penalty(raw, submitted, kw, expected):
    assert deadlines.late_penalty(raw, 14.0, DUE, submitted, policy(**kw)) == pytest.approx(expected)


def test_no_due_date_or_time_means_no_penalty():
    assert deadlines.late_penalty(14, 14, None, after(days=9), policy(penalty=1)) == 0
    assert deadlines.late_penalty(14, 14, DUE, None, policy(penalty=1)) == 0


def load(tmp_path, course_meta: dict | None = None, exercise: dict | None = None):
    data = {"course": {"id": "c", **(course_meta or {})},
            "exercises": {"exercise3": {"tasks": {"softmax": {"points": 2}}, **(exercise or {})}}}
    (tmp_path / "course.yml").write_text(yaml.safe_dump(data) if "due" not in (exercise or {}) else
                                         yaml.safe_dump(data).replace("'", ""))
    return course_module.load(str(tmp_path))


def test_course_yml_due_and_policy(tmp_path):
    course = load(tmp_path, {"late_policy": {"per": "hour", "penalty": 0.05, "cap": 0.5, "grace_minutes": 10}},
                  {"due": "2026-10-01T23:59:00+02:00"})
    assert course.exercise("exercise3").due == DUE
    assert course.late_policy == LatePolicy("hour", 0.05, "fraction", 0.5, 10.0)
    assert load(tmp_path).late_policy == policy() and load(tmp_path).exercise("exercise3").due is None


@pytest.mark.parametrize("meta, exercise, key", [
    ({}, {"due": "2026-10-01T23:59:00"}, "exercises.exercise3.due"),  # no zone
    ({}, {"due": "next friday"}, "exercises.exercise3.due"),
    ({"late_policy": {"per": "week"}}, {}, "course.late_policy.per"),
    ({"late_policy": {"penalty": -1}}, {}, "course.late_policy.penalty"),
    ({"late_policy": {"unit": "percent"}}, {}, "course.late_policy.unit"),
    ({"late_policy": {"penalty": 10}}, {}, "course.late_policy"),  # a fraction above 1
    ({"late_policy": {"grace": 5}}, {}, "course.late_policy.grace"),
    ({"late_policy": "10% a day"}, {}, "course.late_policy"),
])
def test_course_yml_errors_name_the_key(tmp_path, meta, exercise, key):
    with pytest.raises(CourseError, match=key.replace(".", r"\.") + ": expected"):
        load(tmp_path, meta, exercise)


def write_times(path, rows) -> str:
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([["student", "exercise", "time"], *rows])
    return str(path)


def test_read_times(tmp_path):
    times = deadlines.read_times(write_times(tmp_path / "t.csv", [["alice", "exercise3", "2026-10-02T10:00:00Z"]]))
    assert times == {("alice", "exercise3"): datetime.datetime(2026, 10, 2, 10, tzinfo=UTC)}
    with pytest.raises(CourseError, match="row 2: time '2026-10-02 10:00' is not ISO 8601 with a zone"):
        deadlines.read_times(write_times(tmp_path / "t.csv", [["alice", "exercise3", "2026-10-02 10:00"]]))
    (tmp_path / "bad.csv").write_text("who,when\nalice,now\n")
    with pytest.raises(CourseError, match="expected the columns student,exercise,time"):
        deadlines.read_times(str(tmp_path / "bad.csv"))


def test_submission_time_sources(tmp_path):
    from graders.intake import Submission

    nb = classroom.add(tmp_path, "bob", "exercise3/exercise3.ipynb", "{}")
    classroom.add(tmp_path, "bob", "exercise3/timestamp.txt", "2026-10-02 08:00:00.123456 UTC\n")
    plain = classroom.add(tmp_path, "carol", "exercise3.py", "x = 1")
    os.utime(plain, (1_790_000_000, 1_790_000_000))
    bob, carol = Submission("bob", "exercise3", nb), Submission("carol", "exercise3", plain)
    assert deadlines.submission_time(bob, {}) == (datetime.datetime(2026, 10, 2, 8, 0, 0, 123456, UTC), "nbgrader")
    assert deadlines.submission_time(carol, {}) == (datetime.datetime.fromtimestamp(1_790_000_000, UTC), "mtime")
    given = {("carol", "exercise3"): DUE}
    assert deadlines.submission_time(carol, given) == (DUE, "times")


@pytest.mark.slow
def test_late_submissions_get_the_penalty_in_every_export(tmp_path):
    course_dir = classroom.make_course(tmp_path / "course")
    with open(os.path.join(course_dir, "course.yml")) as f:
        data = yaml.safe_load(f)
    data["course"]["late_policy"] = {"per": "day", "penalty": 0.25, "cap": 0.5}
    data["exercises"]["exercise3"]["due"] = "2026-10-01T23:59:00+02:00"
    with open(os.path.join(course_dir, "course.yml"), "w") as f:
        yaml.safe_dump(data, f)
    subs, out = tmp_path / "subs", tmp_path / "out"
    for student in ("ontime", "late", "mtime"):
        classroom.add(subs, student, "exercise3.py", classroom.SOLUTION)
    times = write_times(tmp_path / "times.csv", [["ontime", "exercise3", "2026-10-01T21:00:00Z"],
                                                 ["late", "exercise3", "2026-10-02T22:00:00Z"]])  # 2 started days
    done = classroom.grade(course_dir, subs, out, "--no-feedback", "--allow-insecure", "--times", times)
    assert done.returncode == 0, done.stderr
    assert "1 submission times come from file modification times" in done.stderr
    full = classroom.FULL
    final = {"ontime": full, "late": full - 0.5 * full, "mtime": full - 0.5 * full}  # mtime: now, long after due
    for fmt in ("csv", "json", "canvas", "gradescope"):
        assert classroom.subprocess.run([classroom.NNLAB, "export", str(out), "--format", fmt], cwd=course_dir,
                                        capture_output=True, timeout=60).returncode == 0
    with open(out / "exports" / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert {s: float(rows[s]["score"]) for s in final} == final
    assert float(rows["late"]["raw_score"]) == full and float(rows["late"]["late_submission_penalty"]) == full / 2
    assert rows["late"]["timestamp"] == "2026-10-02T22:00:00+00:00"
    assert rows["late"]["duedate"] == "2026-10-01T23:59:00+02:00"
    with open(out / "exports" / "grades.json") as f:
        grades = json.load(f)
    assert {s: grades[s]["exercise3"]["score"] for s in final} == final
    assert grades["late"]["exercise3"]["raw_score"] == full and grades["late"]["exercise3"]["late_penalty"] == full / 2
    with open(out / "exports" / "canvas.csv") as f:
        canvas = {r["Student"]: r for r in csv.DictReader(f)}
    assert {s: float(canvas[s]["exercise3"]) for s in final} == final
    for student, score in final.items():
        with open(out / "exports" / "gradescope" / student / "exercise3" / "results.json") as f:
            result = json.load(f)
        assert result["score"] == score
        assert ("late penalty" in result["output"]) == (score < full)
