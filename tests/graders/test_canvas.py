"""Canvas: a roster from Canvas's gradebook export (or a folder mapping) round-trips into its import CSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from graders import canvas
from graders.errors import CourseError
from graders.export import export
from graders.gradebook import Gradebook
from graders.intake import read_roster
from tests.graders.test_gradebook import outcome

NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")
CANVAS_EXPORT = os.path.join(os.path.dirname(__file__), "data", "canvas_gradebook.csv")


@pytest.fixture
def out(tmp_path):
    """alice graded late (3 - 1), yan graded (folder yan, login YAN), zoe graded and not on the
    roster; carol and dan (on the roster) handed in nothing."""
    with Gradebook(str(tmp_path / "out")) as gb:
        gb.record(outcome("alice", "exercise3", score=3))
        gb.set_late("alice", "exercise3", "2026-11-01T12:00:00+00:00", "2026-11-01T14:00:00+00:00", "times", 1.0)
        gb.record(outcome("yan", "exercise3", score=1))
        gb.record(outcome("zoe", "exercise3", score=3))
    return str(tmp_path / "out")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_canvas_gradebook_export_round_trips(out, tmp_path):
    said = []
    from graders.export import export_canvas

    with Gradebook(out, create=False) as gb:
        dest = export_canvas(gb, str(tmp_path / "canvas.csv"), CANVAS_EXPORT, ("40321",), say=said.append)
    with open(dest, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section",
                      "Softmax and losses (40321)"]  # the existing assignment, named as Canvas names it
    rows = read(dest)
    assert rows[0]["Student"] == "Points Possible" and rows[0]["Softmax and losses (40321)"] == "3"
    by_name = {r["Student"]: r for r in rows[1:]}
    roster = canvas.read_roster(CANVAS_EXPORT)
    assert len(roster.students) == 4  # Points Possible, Manual Posting and the test student skipped
    for s in roster.students:  # every roster student, with their Canvas ID and section
        row = by_name[s.columns["Student"]]
        assert (row["ID"], row["Section"], row["SIS User ID"]) == (s.columns["ID"], s.columns["Section"],
                                                                    s.columns["SIS User ID"])
    assert by_name["Liddell, Alice"]["Softmax and losses (40321)"] == "2"  # final score: late penalty off
    assert by_name["Zhang, Yan"]["Softmax and losses (40321)"] == "1"  # login YAN is folder yan
    assert by_name["Brown, Carol"]["Softmax and losses (40321)"] == ""  # missing: left ungraded
    assert by_name["zoe"]["ID"] == "" and by_name["zoe"]["Softmax and losses (40321)"] == "3"  # unknown: kept
    assert [r["Student"] for r in rows[1:]][-1] == "zoe" and "Student, Test" not in by_name
    assert any("not in the roster" in m and "zoe" in m for m in said)
    assert any("no grade" in m and "carol, dan" in m for m in said)


def test_without_an_assignment_id_the_column_makes_a_new_assignment(out, tmp_path):
    rows = read(export(out, "canvas", str(tmp_path / "c.csv"), roster=CANVAS_EXPORT))
    assert "exercise3" in rows[0] and rows[1]["ID"] == "1001"


def test_an_id_the_roster_does_not_name_keeps_the_exercise_name(out, tmp_path):
    rows = read(export(out, "canvas", str(tmp_path / "c.csv"), canvas_assignments=("exercise3=555",)))
    assert "exercise3 (555)" in rows[0] and {r["Student"] for r in rows} == {"Points Possible", "alice", "yan", "zoe"}


def test_a_folder_mapping_roster(out, tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("folder,name,canvas_id,sis_user_id,sis_login_id,section\n"
                       "alice,\"Liddell, Alice\",1001,S0001,aliddell,Lab A\n"
                       "yan,\"Zhang, Yan\",1003,S0003,yzhang,Lab B\n")
    rows = read(export(out, "canvas", str(tmp_path / "c.csv"), roster=str(mapping), canvas_assignments=("77",)))
    by_id = {r["ID"]: r for r in rows[1:]}
    assert by_id["1001"]["SIS Login ID"] == "aliddell" and by_id["1001"]["exercise3 (77)"] == "2"
    assert by_id["1003"]["Section"] == "Lab B" and by_id[""]["Student"] == "zoe"
    assert read_roster(str(mapping)) == ["alice", "yan"]  # nnlab grade --roster reads the same file


def test_nnlab_grade_reads_a_canvas_export_as_its_roster():
    assert read_roster(CANVAS_EXPORT) == ["alice", "carol", "YAN", "dan"]


def test_assignment_ids_are_checked(out, tmp_path):
    assert canvas.parse_assignments(("40321",), ["exercise3"]) == {"exercise3": "40321"}
    with pytest.raises(CourseError, match="say which one"):
        canvas.parse_assignments(("1",), ["exercise3", "exercise4"])
    with pytest.raises(CourseError, match="is a number"):
        canvas.parse_assignments(("exercise3=abc",), ["exercise3"])
    with pytest.raises(CourseError, match="not an exercise"):
        canvas.parse_assignments(("exercise9=1",), ["exercise3"])
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nann,3\n")
    with pytest.raises(CourseError, match="neither Canvas"):
        canvas.read_roster(str(bad))
    with pytest.raises(CourseError, match="for --format canvas"):
        export(out, "csv", roster=CANVAS_EXPORT)


def test_the_command_line(out, tmp_path):
    dest = tmp_path / "canvas.csv"
    proc = subprocess.run([NNLAB, "export", out, "--format", "canvas", "--roster", CANVAS_EXPORT,
                           "--canvas-assignment", "40321", "--to", str(dest)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "zoe" in proc.stderr and "carol" in proc.stderr and proc.stdout.strip() == str(dest)
    assert "Softmax and losses (40321)" in dest.read_text()
