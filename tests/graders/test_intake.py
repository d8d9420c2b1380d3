"""Class intake of ``nnlab grade``: nothing not graded goes unsaid, the roster, the summary, secrets.

The discovery tests build real folders (links, FIFOs, odd names); the ``slow`` ones run the real
``nnlab grade`` on a class of one or two graded students, since what the instructor sees (the
terminal and the exports) is the point.
"""

from __future__ import annotations

import csv
import os
import shutil

import pytest
import yaml

from graders import batch, intake
from graders import course as course_module
from graders.course import CourseError
from tests.graders import classroom


@pytest.fixture
def course_dir(tmp_path):
    return classroom.make_course(tmp_path / "course")


@pytest.fixture
def course(course_dir):
    return course_module.load(course_dir)


def unused(found: intake.Intake) -> dict:
    return {u.path: u.reason for u in found.unused}


# --------------------------------------------------------------------------- suggestions and discovery


@pytest.mark.parametrize("name, expected", [
    ("ex3.py", "exercise3"), ("Exercise3.py", "exercise3"), ("exercise3 (1).py", "exercise3"),
    ("EXERCISE_03.ipynb", "exercise3"), ("exercise3-Copy1.ipynb", "exercise3"), ("exercise 3.py", "exercise3"),
    ("exercse3.py", "exercise3"), ("Ex4.py", "exercise4"), ("notes.txt", ""), ("homework.py", ""),
])
def test_a_misnamed_file_is_matched_to_its_exercise(name, expected):
    assert intake.guess_exercise(name, [f"exercise{i}" for i in range(1, 9)]) == expected


def test_everything_not_graded_is_listed_with_a_suggestion(tmp_path, course):
    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3.py", "x = 1")
    classroom.add(subs, "alice", "notes.txt", "mine")
    classroom.add(subs, "alice", ".ipynb_checkpoints/exercise3-checkpoint.py", "x = 1")  # editor junk: silent
    classroom.add(subs, "yan", "Exercise3.py", "x = 1")
    classroom.add(subs, "zed", "ex3.py", "x = 1")
    classroom.add(subs, "zed", "exercise3 (1).py", "x = 1")
    classroom.add(subs, "dave", "exercise3/Exercise3-Copy1.ipynb", "{}")
    classroom.add(subs, "dave", "exercise3/timestamp.txt", "2026-11-29")  # nbgrader's: silent
    classroom.add(subs, "erin", "Exercise3/exercise3.ipynb", "{}")
    classroom.add(subs, ".", "exercise3.py", "x = 1")  # a loose file at the top level
    classroom.add(subs, ".", "stray.py", "x = 1")
    classroom.add(subs, ".", "grades.xlsx", "")
    os.makedirs(subs / ".DS_Store")
    found = batch.discover(str(subs), course)
    assert [(s.student, s.exercise) for s in found.submissions] == [("alice", "exercise3")]
    assert unused(found) == {
        "alice/notes.txt": "not a submission (expected <exercise>.py, <exercise>.ipynb or <exercise>/<exercise>.ipynb)",
        "yan/Exercise3.py": "did you mean exercise3.py?",
        "zed/ex3.py": "did you mean exercise3.py?",
        "zed/exercise3 (1).py": "did you mean exercise3.py?",
        "dave/exercise3/Exercise3-Copy1.ipynb": "did you mean exercise3/exercise3.ipynb?",
        "erin/Exercise3": "did you mean exercise3/ (the nbgrader folder of exercise3)?",
        "exercise3.py": "a file outside any student folder: put it in a student folder (<student>/exercise3.py)",
        "stray.py": "a file outside any student folder: put it in a student folder (<student>/<exercise>.py)",
        "grades.xlsx": "a file outside any student folder: not a submission",
    }
    by_path = {u.path: u for u in found.unused}
    assert by_path["yan/Exercise3.py"].student == "yan" and by_path["yan/Exercise3.py"].exercise == "exercise3"
    assert by_path["stray.py"].student == ""


def test_a_student_id_must_fully_match_the_safe_pattern(tmp_path, course):
    subs = tmp_path / "subs"
    classroom.add(subs, "zed", "exercise3.py", "x = 1")
    classroom.add(subs, "zed\n", "exercise3.py", "x = 1")  # `$` would match before the newline
    classroom.add(subs, "=cmd", "exercise3.py", "x = 1")  # a CSV formula
    classroom.add(subs, "al ice", "exercise3.py", "x = 1")
    classroom.add(subs, "b\u202eob", "exercise3.py", "x = 1")  # a bidi override
    found = batch.discover(str(subs), course)
    assert [s.student for s in found.submissions] == ["zed"]
    reasons = unused(found)
    assert set(reasons) == {"'zed\\n'", "=cmd", "al ice", "'b\\u202eob'"}  # shown escaped, on one line
    assert all(r.startswith("not a usable student id") for r in reasons.values())


def test_no_symlink_at_any_component_of_a_submission(tmp_path, course):
    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3/exercise3.ipynb", "{}")
    os.makedirs(subs / "mallory")
    os.symlink("../alice/exercise3", subs / "mallory" / "exercise3")  # the nbgrader folder
    os.symlink("alice", subs / "bob")  # a whole student folder
    os.makedirs(subs / "carol")
    os.symlink("../alice/exercise3/exercise3.ipynb", subs / "carol" / "exercise3.ipynb")  # the file
    classroom.add(subs, "dave", "exercise3/placeholder", "")
    os.remove(subs / "dave" / "exercise3" / "placeholder")
    os.symlink("../../alice/exercise3/exercise3.ipynb", subs / "dave" / "exercise3" / "exercise3.ipynb")
    os.makedirs(subs / "erin")
    os.mkfifo(subs / "erin" / "exercise3.py")  # reading it would block the batch
    found = batch.discover(str(subs), course)
    assert [s.student for s in found.submissions] == ["alice"]
    reasons = unused(found)
    assert set(reasons) == {"mallory/exercise3", "bob", "carol/exercise3.ipynb", "dave/exercise3/exercise3.ipynb",
                            "erin/exercise3.py"}
    assert all("symbolic link" in reasons[p] for p in ("mallory/exercise3", "bob", "carol/exercise3.ipynb",
                                                        "dave/exercise3/exercise3.ipynb"))
    assert "not a regular file" in reasons["erin/exercise3.py"]
    assert {u.student for u in found.unused if u.path.startswith("mallory")} == {"mallory"}  # stays in the class


def test_a_link_swapped_in_after_discovery_is_refused_at_read_time(tmp_path, course):
    subs = tmp_path / "subs"
    classroom.add(subs, "alice", "exercise3.py", "x = 1")
    classroom.add(subs, "mallory", "exercise3/exercise3.ipynb", "{}")
    found = batch.discover(str(subs), course)
    mallory = next(s for s in found.submissions if s.student == "mallory")
    assert intake.read_submission(found.root, mallory, 100) == b"{}"
    shutil.rmtree(subs / "mallory" / "exercise3")
    os.symlink("../alice", subs / "mallory" / "exercise3")
    classroom.add(subs, "alice", "exercise3.ipynb", "{}")
    with pytest.raises(CourseError, match="no longer a plain folder"):
        intake.read_submission(found.root, mallory, 100)
    alice = next(s for s in found.submissions if s.student == "alice")
    os.remove(alice.path)
    os.symlink(str(subs / "alice" / "exercise3.ipynb"), alice.path)
    with pytest.raises(OSError):  # O_NOFOLLOW
        intake.read_submission(found.root, alice, 100)


def test_ids_equal_up_to_case_or_unicode_form_are_an_error_naming_both(tmp_path, course):
    subs = tmp_path / "subs"
    for student in ("Alice", "alice", "\uff42ob", "bob", "carol"):  # "ｂob" is "bob" under NFKC
        classroom.add(subs, student, "exercise3.py", "x = 1")
    found = batch.discover(str(subs), course)
    assert [s.student for s in found.submissions] == ["carol"]
    errors = {u.path: u.reason for u in found.errors}
    assert set(errors) == {"Alice", "alice", "\uff42ob", "bob"}
    assert "'Alice' clashes with 'alice'" in errors["Alice"] and "'alice' clashes with 'Alice'" in errors["alice"]
    assert "'bob' clashes with '\uff42ob'" in errors["bob"]
    assert "case or Unicode form" in errors["bob"]


# --------------------------------------------------------------------------- roster and summary


@pytest.mark.parametrize("text, expected", [
    ("id,name\nalice,Alice A\nbob,Bob B\n", ["alice", "bob"]),
    ("Name,Login\nAlice A,alice\n,\nBob B,bob\n", ["alice", "bob"]),
    ("\ufeffStudent\nalice\nalice\ncarol\n", ["alice", "carol"]),  # BOM, duplicate
    ("alice\nbob\n", ["alice", "bob"]),  # no header: the first column
    ("alice,Alice A\n  bob ,Bob B\n", ["alice", "bob"]),
])
def test_roster_column_id_student_login_or_the_first(tmp_path, text, expected):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    assert intake.read_roster(str(path)) == expected


@pytest.mark.parametrize("text, message", [
    ("id\nalice\nal ice\n", "line 3: al ice is not a usable student id"),
    ("", "is empty"),
    ("id\nAlice\nalice\n", "'Alice' and 'alice' differ only in case"),
])
def test_a_bad_roster_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CourseError, match=message):
        intake.read_roster(str(path))
    with pytest.raises(CourseError, match="cannot read the roster"):
        intake.read_roster(str(tmp_path / "nope.csv"))


def test_distribution_line():
    assert intake.distribution([0, 14, 14, 10.5, 3], 14) == (
        "n=5  min 0  median 10.5  max 14 / 14  [0-25%: 2, 25-50%: 0, 50-75%: 0, 75-<100%: 1, full: 2]")
    assert intake.distribution([], 14) == "no graded submission"


# --------------------------------------------------------------------------- the real command


def read_csv(out) -> list:
    with open(os.path.join(out, "exports", "grades.csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def export_csv(out) -> list:
    import subprocess

    done = subprocess.run([classroom.NNLAB, "export", str(out), "--format", "csv"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return read_csv(out)


@pytest.mark.slow
def test_grade_names_the_misnamed_and_the_missing_in_the_terminal_and_the_csv(tmp_path, course_dir):
    subs, out = tmp_path / "subs", tmp_path / "out"
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    classroom.add(subs, "zoe", "exercise3.py", classroom.STUB)  # graded, not on the roster
    classroom.add(subs, "yan", "Exercise3.py", classroom.SOLUTION)
    classroom.add(subs, "zed", "exercise3 (1).py", classroom.SOLUTION)
    classroom.add(subs, ".", "exercise3.py", classroom.SOLUTION)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nalice,A\nyan,Y\nzed,Z\ncarol,C\n", encoding="utf-8")
    proc = classroom.grade(course_dir, subs, out, "--workers", "2", "--roster", str(roster))
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    assert "not used: yan/Exercise3.py: did you mean exercise3.py?" in err
    assert "not used: zed/exercise3 (1).py: did you mean exercise3.py?" in err
    assert "not used: exercise3.py: a file outside any student folder: put it in a student folder" in err
    assert "missing: carol/exercise3\n" in err
    assert "missing: yan/exercise3 (found instead: yan/Exercise3.py)" in err
    assert "missing: zed/exercise3 (found instead: zed/exercise3 (1).py)" in err
    assert "not on the roster: zoe" in err
    assert f"exercise3: n=2  min 0  median 7  max 14 / {classroom.FULL}" in err
    assert "2 submissions: 2 graded, 0 unchanged (skipped), 3 missing, 3 unrecognised, 0 errors" in err
    assert "Traceback" not in err

    rows = {r["student_id"]: r for r in export_csv(out)}
    assert set(rows) == {"alice", "carol", "yan", "zed", "zoe", ""}
    assert (rows["alice"]["status"], rows["alice"]["score"]) == ("graded", str(classroom.FULL))
    assert (rows["carol"]["status"], rows["carol"]["score"]) == ("missing", "0")
    assert rows["yan"]["status"] == "missing" and "yan/Exercise3.py: did you mean exercise3.py?" in rows["yan"]["note"]
    assert "zed/exercise3 (1).py" in rows["zed"]["note"]
    assert rows["zoe"]["note"] == "not on the roster"
    assert rows[""]["status"] == "unrecognised" and "exercise3.py" in rows[""]["note"]
    assert sorted(os.listdir(out / "feedback")) == ["alice.html", "carol.html", "index.html", "yan.html", "zed.html", "zoe.html"]


@pytest.mark.slow
def test_a_new_secret_or_grader_regrades_and_an_unchanged_class_is_skipped(tmp_path, course_dir):
    subs, out = tmp_path / "subs", tmp_path / "out"
    classroom.add(subs, "alice", "exercise3.py", classroom.SOLUTION)
    first = classroom.grade(course_dir, subs, out, "--workers", "1", "--no-feedback")
    assert first.returncode == 0 and "1 graded, 0 unchanged" in first.stderr, first.stderr
    again = classroom.grade(course_dir, subs, out, "--workers", "1", "--no-feedback")
    assert "0 graded, 1 unchanged" in again.stderr, again.stderr
    other = classroom.grade(course_dir, subs, out, "--workers", "1", "--no-feedback",
                            env={classroom.SECRET_ENV: "another-course-secret"})
    assert "1 graded, 0 unchanged" in other.stderr, other.stderr
    assert f"the course secret ({classroom.SECRET_ENV}) is not the one 1 recorded grades were made with" in other.stderr
    assert "regraded: 1 (the course secret changed)" in other.stderr
    raw = open(out / "gradebook.sqlite", "rb").read() + open(out / "gradebook.sqlite-wal", "rb").read() \
        if os.path.exists(out / "gradebook.sqlite-wal") else open(out / "gradebook.sqlite", "rb").read()
    assert b"another-course-secret" not in raw and classroom.SECRET.encode() not in raw
    # a change of the grader (here course.yml's tolerance for exercise3) regrades too
    path = os.path.join(course_dir, "course.yml")
    data = yaml.safe_load(open(path))
    data["exercises"]["exercise3"]["rtol"] = 2e-7
    yaml.safe_dump(data, open(path, "w"))
    changed = classroom.grade(course_dir, subs, out, "--workers", "1", "--no-feedback",
                              env={classroom.SECRET_ENV: "another-course-secret"})
    assert "1 graded, 0 unchanged" in changed.stderr and "regraded: 1 (the grader changed)" in changed.stderr, \
        changed.stderr
    assert classroom.rows(out) == {("alice", "exercise3"): (classroom.FULL, "graded")}


def test_nothing_found_exits_2_with_one_line_and_lists_what_was_there(tmp_path, course_dir):
    subs = tmp_path / "subs"
    classroom.add(subs, "yan", "Exercise3.py", "x = 1")
    proc = classroom.grade(course_dir, subs, tmp_path / "out", "--no-feedback")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[0] == "nnlab grade: not used: yan/Exercise3.py: did you mean exercise3.py?"
    assert lines[-1].startswith("nnlab: error: no submission found in ") and len(lines) == 2
    os.makedirs(tmp_path / "empty")
    proc = classroom.grade(course_dir, tmp_path / "empty", tmp_path / "out", "--no-feedback")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "no submission found" in proc.stderr


# --------------------------------------------------------------------------- the nbgrader route


def test_assign_says_in_the_course_which_grade_to_trust(tmp_path):
    from graders import assign

    real = course_module.load(classroom.ROOT)
    course_dir = tmp_path / "nbcourse"
    assign.assign_course(real, ["exercise3"], str(course_dir), generate=False, echo=lambda *_: None)
    command = f"nnlab grade {course_dir}/submitted --out {course_dir}/nnlab-grades"
    readme = (course_dir / "README.md").read_text()
    assert "can therefore tamper with the tests" in " ".join(readme.split()) and command in readme
    config = (course_dir / "nbgrader_config.py").read_text()
    assert "a student's cell can tamper with them" in " ".join(config.split()) and command in config
    compile(config, "nbgrader_config.py", "exec")  # still a valid config file


def nbgrader_db(path, scores: dict) -> str:
    """A gradebook.db in nbgrader's schema (the tables and columns nbgrader.api declares that
    ``intake.nbgrader_scores`` reads), one grade cell per submission: {(student, assignment): score}."""
    import sqlite3

    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE assignment (id VARCHAR(32) PRIMARY KEY, name VARCHAR(128) UNIQUE NOT NULL);
        CREATE TABLE submitted_assignment (id VARCHAR(32) PRIMARY KEY, assignment_id VARCHAR(32),
                                           student_id VARCHAR(128));
        CREATE TABLE submitted_notebook (id VARCHAR(32) PRIMARY KEY, assignment_id VARCHAR(32),
                                         notebook_id VARCHAR(32));
        CREATE TABLE grade (id VARCHAR(32) PRIMARY KEY, notebook_id VARCHAR(32), cell_id VARCHAR(32),
                            auto_score FLOAT, manual_score FLOAT, extra_credit FLOAT,
                            needs_manual_grade BOOLEAN NOT NULL);
    """)
    for i, ((student, assignment), score) in enumerate(scores.items()):
        db.execute("INSERT OR IGNORE INTO assignment VALUES (?, ?)", (f"a-{assignment}", assignment))
        db.execute("INSERT INTO submitted_assignment VALUES (?, ?, ?)", (f"s{i}", f"a-{assignment}", student))
        db.execute("INSERT INTO submitted_notebook VALUES (?, ?, ?)", (f"n{i}", f"s{i}", "nb"))
        db.execute("INSERT INTO grade VALUES (?, ?, ?, ?, NULL, NULL, 0)", (f"g{i}", f"n{i}", "c", score))
    db.commit()
    db.close()
    return str(path)


@pytest.mark.slow
def test_nbgrader_scores_read_with_sqlite_agree_with_nbgrader_itself(tmp_path, monkeypatch):
    api = pytest.importorskip("nbgrader.api")
    import sys

    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])  # its alembic
    path = tmp_path / "gradebook.db"
    with api.Gradebook(f"sqlite:///{path}") as gb:
        gb.add_assignment("exercise3")
        gb.add_notebook("exercise3", "exercise3")
        gb.add_grade_cell("softmax", "exercise3", "exercise3", max_score=4, cell_type="code")
        gb.add_grade_cell("mse", "exercise3", "exercise3", max_score=2, cell_type="code")
        for student, (auto, manual, extra) in {"alice": (4, None, 1), "bob": (0, 3, None), "carol": (None, None, None)}.items():
            gb.add_student(student)
            gb.add_submission("exercise3", student)
            grade = gb.find_grade("softmax", "exercise3", "exercise3", student)
            grade.auto_score, grade.manual_score, grade.extra_credit = auto, manual, extra
            gb.find_grade("mse", "exercise3", "exercise3", student).auto_score = 2
        gb.db.commit()
        expected = {(s, "exercise3"): gb.find_submission("exercise3", s).score for s in ("alice", "bob", "carol")}
    assert intake.nbgrader_scores(str(path)) == expected == {
        ("alice", "exercise3"): 7.0, ("bob", "exercise3"): 5.0, ("carol", "exercise3"): 2.0}


def test_differences_with_nbgrader_name_each_submission(tmp_path):
    db = nbgrader_db(tmp_path / "gradebook.db", {("alice", "exercise3"): 14, ("bob", "exercise3"): 14,
                                                 ("carol", "exercise3"): 14, ("dan", "exercise3"): 3,
                                                 ("dan", "exercise4"): 5})
    ours = {("alice", "exercise3"): 14.0, ("bob", "exercise3"): 2.0, ("carol", "exercise3"): None}
    assert intake.nbgrader_differences(db, ours) == [
        "bob/exercise3: nbgrader 14, nnlab 2", "carol/exercise3: nbgrader 14, nnlab not graded",
        "dan/exercise3: nbgrader 3, nnlab found no submission"]  # exercise4 was not graded by nnlab this run
    assert intake.nbgrader_gradebook(str(tmp_path / "submitted")) == db
    assert intake.nbgrader_gradebook(str(tmp_path / "subs")) == ""
    (tmp_path / "broken.db").write_text("not sqlite")
    assert intake.nbgrader_differences(str(tmp_path / "broken.db"), ours)[0].startswith("could not read nbgrader's")


def test_a_student_not_on_the_roster_is_told_the_near_miss():
    assert intake.roster_near_miss("Alice", ["alice", "bob"]) == "alice"
    assert intake.roster_near_miss("\uff41lice", ["alice"]) == "alice"
    assert intake.roster_near_miss("alicia", ["alice"]) == ""
