"""Hostile discovery (issue 10, item 7): submissions that attack how ``nnlab grade`` finds students.

Built at test time (git keeps neither newlines in names nor these links well), in an nbgrader
course dir whose ``gradebook.db`` holds what ``nbgrader autograde`` recorded through the same
links: full marks for mallory with alice's notebook. The real ``nnlab grade`` must

* grade alice (honest) fully and nobody else with her work: mallory's folder is a link to
  alice's (``mallory/exercise3 -> ../alice/exercise3``), bob's whole folder is a link;
* refuse the id ``zed\\n`` (``$`` matched before the newline): no second "zed" row anywhere;
* refuse ids that differ only in case or Unicode form, naming both;
* report each, exit 1 (never 3), and say where nbgrader's gradebook disagrees.
"""

from __future__ import annotations

import csv
import os
import subprocess

import pytest

from tests.graders import classroom
from tests.graders.test_intake import nbgrader_db


@pytest.mark.slow
def test_links_newline_ids_and_clashing_ids_grade_nobody_as_someone_else(tmp_path):
    course_dir = classroom.make_course(tmp_path / "course")
    nbcourse = tmp_path / "nbcourse"
    subs = nbcourse / "submitted"
    classroom.add(subs, "alice", "exercise3/exercise3.ipynb", classroom.notebook(classroom.SOLUTION))
    classroom.add(subs, "alice", "exercise3/timestamp.txt", "2026-11-29 10:00:00")
    os.makedirs(subs / "mallory")
    os.symlink("../alice/exercise3", subs / "mallory" / "exercise3")
    os.symlink("alice", subs / "bob")
    classroom.add(subs, "zed\n", "exercise3/exercise3.ipynb", classroom.notebook(classroom.SOLUTION))
    classroom.add(subs, "Carol", "exercise3/exercise3.ipynb", classroom.notebook(classroom.SOLUTION))
    classroom.add(subs, "carol", "exercise3/exercise3.ipynb", classroom.notebook(classroom.STUB))
    nbgrader_db(nbcourse / "gradebook.db", {("alice", "exercise3"): classroom.FULL,
                                            ("mallory", "exercise3"): classroom.FULL})
    out = tmp_path / "out"
    proc = classroom.grade(course_dir, nbcourse, out, "--workers", "1")
    err = proc.stderr
    assert proc.returncode == 1, err  # the clash is an error; the batch still finished
    assert "Traceback" not in err
    assert classroom.rows(out) == {("alice", "exercise3"): (classroom.FULL, "graded")}
    assert "not used: mallory/exercise3: a symbolic link" in err
    assert "not used: bob: a symbolic link" in err
    assert "not used: 'zed\\n': not a usable student id" in err
    assert "error: Carol: student id 'Carol' clashes with 'carol'" in err
    assert "error: carol: student id 'carol' clashes with 'Carol'" in err
    assert "missing: mallory/exercise3" in err and "missing: bob/exercise3" in err
    assert "nbgrader's gradebook differs for 1 submissions" in err
    assert "mallory/exercise3: nbgrader 14, nnlab not graded" in err
    assert "2 errors" in err

    done = subprocess.run([classroom.NNLAB, "export", str(out), "--format", "csv"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(done.stdout.strip(), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    students = [r["student_id"] for r in rows]
    assert sorted(s for s in students if s) == ["alice", "bob", "mallory"]  # no "zed", no "zed\n", no carols
    for student in ("bob", "mallory"):  # in the class, missing, and the note says why
        row = next(r for r in rows if r["student_id"] == student)
        assert (row["status"], row["score"]) == ("missing", "0") and "symbolic link" in row["note"]
    notes = " ".join(r["note"] for r in rows if not r["student_id"])
    assert "'zed\\n'" in notes and "'Carol' clashes with 'carol'" in notes
