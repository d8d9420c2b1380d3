"""Canvas: read a roster, write Canvas's gradebook import CSV.

``nnlab export OUT --format canvas [--roster ROSTER] [--canvas-assignment [EXERCISE=]ID ...]``.

Canvas imports a CSV whose first columns identify the student (``Student``, ``ID``, ``SIS User
ID``, ``SIS Login ID``, then ``Section``; ``Integration ID`` when the course has one), then one
column per assignment. An assignment column headed ``Name (1234)`` fills the existing assignment
1234; any other header makes Canvas create a new assignment. A row whose ``Student`` is ``Points
Possible`` holds each column's maximum. Cells left empty are left ungraded.

The roster is either

* **Canvas's own gradebook export** (Grades > Export): the columns above, assignment columns as
  ``Name (id)``, a ``Points Possible`` row (and in some exports a ``Manual Posting`` or ``Muted``
  row, skipped). A student's submission folder is matched to the row whose **SIS Login ID** is
  the folder name (compared as an LMS does: case and Unicode form ignored; a login that is an
  e-mail address also matches its part before the ``@``), else the SIS User ID, else the Canvas ID;
* or **a mapping CSV** with a ``folder`` column (the student's folder under the submissions
  directory) and any of ``Student`` (or ``name``), ``ID`` (or ``canvas_id``), ``SIS User ID``
  (``sis_user_id``), ``SIS Login ID`` (``sis_login_id``), ``Section``.

With a roster, every roster student gets a row (in the roster's order) with their Canvas name,
ID, SIS ids and section; one with no submission gets an empty cell and is listed on stderr.
A graded student the roster does not know is listed on stderr and still gets a row, at the end,
with the folder name as Student and SIS Login ID and no Canvas ID: Canvas's import preview then
names them as not found instead of nnlab dropping a grade silently. Scores are the final ones
(late penalty taken off).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from .errors import CourseError
from .gradebook import Gradebook
from .intake import id_key, printable

IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
INTEGRATION = "Integration ID"
POINTS_POSSIBLE = "Points Possible"
ASSIGNMENT = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>\d+)\)$")
# header aliases of a mapping CSV (casefolded, spaces and underscores alike) -> Canvas column
ALIASES = {"folder": "folder", "student": "Student", "name": "Student", "id": "ID", "canvas id": "ID",
           "sis user id": "SIS User ID", "sis login id": "SIS Login ID", "section": "Section",
           "integration id": INTEGRATION}
TEST_STUDENT = "Student, Test"  # Canvas's student view user, in every export


@dataclass
class CanvasStudent:
    """One Canvas enrolment: its identity columns, and the submission folder it was matched to."""

    columns: dict
    folder: str = ""


@dataclass
class Roster:
    students: list = field(default_factory=list)  # CanvasStudent, in the roster's order
    assignments: dict = field(default_factory=dict)  # Canvas assignment id -> its name
    integration: bool = False  # the roster has an Integration ID column

    def by_folder(self) -> dict:
        return {id_key(s.folder): s for s in self.students if s.folder}


def _key(header: str) -> str:
    return " ".join(header.replace("_", " ").split()).casefold()


def read_roster(path: str) -> Roster:
    """A Canvas gradebook export or a folder mapping (see the module docstring)."""
    rows = _rows(path)
    header = [h.strip() for h in rows[0]]
    keys = [ALIASES.get(_key(h)) for h in header]
    if "folder" not in keys and not {"Student", "ID"} <= set(keys):
        raise CourseError(f"the roster {path} is neither Canvas's gradebook export (columns Student, ID, SIS User ID, "
                          "SIS Login ID, Section) nor a mapping with a 'folder' column")
    roster = Roster(integration=INTEGRATION in keys)
    for h in header:
        m = ASSIGNMENT.match(h)
        if m:
            roster.assignments[m["id"]] = m["name"]
    mapping = "folder" in keys
    for number, row in enumerate(rows[1:], 2):
        values = {k: row[i].strip() for i, k in enumerate(keys) if k and i < len(row)}
        name = values.get("Student", "")
        if name == POINTS_POSSIBLE or name == TEST_STUDENT or not (values.get("folder") or name or values.get("ID")):
            continue  # Points Possible, Canvas's test student, Manual Posting / Muted rows
        student = CanvasStudent({c: values.get(c, "") for c in IDENTITY + [INTEGRATION]}, values.get("folder", ""))
        if mapping and not student.folder:
            raise CourseError(f"roster {path}, line {number}: no folder for {printable(name or values.get('ID', ''))}")
        roster.students.append(student)
    return roster


def _rows(path: str) -> list:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    except OSError as exc:
        raise CourseError(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CourseError(f"the roster {path} is not a UTF-8 CSV file ({type(exc).__name__})") from None
    if not rows:
        raise CourseError(f"the roster {path} is empty")
    return rows


def is_canvas_roster(header: list) -> bool:
    """Whether a CSV header is Canvas's gradebook export or a folder mapping (``intake.read_roster``
    then takes the student folders from ``folders``)."""
    keys = {ALIASES.get(_key(h)) for h in header}
    return "folder" in keys or {"Student", "ID", "SIS Login ID"} <= keys


def folders(path: str) -> list:
    """The submission folder of each roster student: the mapping's ``folder``, or for Canvas's
    export the SIS Login ID (its part before '@'), else the SIS User ID, else the Canvas ID."""
    roster = read_roster(path)
    match_folders(roster, [])
    return [s.folder for s in roster.students]


def match_folders(roster: Roster, folders: list) -> None:
    """Give each Canvas student of an export its submission folder: the folder named by its SIS
    Login ID (or that login's part before '@'), else its SIS User ID, else its Canvas ID."""
    free = {id_key(f): f for f in folders}
    for column in ("SIS Login ID", "login", "SIS User ID", "ID"):
        for s in roster.students:
            if s.folder:
                continue
            value = s.columns["SIS Login ID"].split("@")[0] if column == "login" else s.columns[column]
            folder = free.get(id_key(value)) if value else None
            if folder is not None:
                s.folder = folder
                del free[id_key(folder)]
    for s in roster.students:  # no submission: the login names the folder it would have had
        if not s.folder:
            s.folder = s.columns["SIS Login ID"].split("@")[0] or s.columns["SIS User ID"] or s.columns["ID"]


def parse_assignments(values: tuple, exercises: list) -> dict:
    """``--canvas-assignment`` values (``ID`` with a single exercise, else ``EXERCISE=ID``) as
    ``{exercise: id}``."""
    out: dict = {}
    for value in values:
        exercise, _, ident = value.rpartition("=")
        exercise = exercise.strip()
        if not exercise:
            if len(exercises) != 1:
                raise CourseError(f"--canvas-assignment {value}: the gradebook has {len(exercises)} exercises; "
                                  f"say which one: --canvas-assignment EXERCISE=ID (exercises: {', '.join(exercises)})")
            exercise = exercises[0]
        if exercise not in exercises:
            raise CourseError(f"--canvas-assignment {value}: {exercise!r} is not an exercise of this gradebook "
                              f"({', '.join(exercises)})")
        if not ident.strip().isdigit():
            raise CourseError(f"--canvas-assignment {value}: a Canvas assignment ID is a number "
                              "(the 1234 of .../courses/56/assignments/1234)")
        out[exercise] = ident.strip()
    return out


def assignment_columns(exercises: list, ids: dict, roster: Roster | None) -> dict:
    """The CSV header of each exercise: ``Name (id)`` where a Canvas ID was given (the name from
    the roster's header when it has that assignment), else the exercise id (a new assignment)."""
    names = roster.assignments if roster else {}
    return {e: f"{names.get(ids[e], e)} ({ids[e]})" if e in ids else e for e in exercises}


def canvas_rows(gb: Gradebook, roster: Roster | None, ids: dict) -> tuple:
    """(header, rows, unknown, missing): the import CSV's rows ("Points Possible" first), the
    graded folders the roster does not know and ``{exercise: [roster folders without a submission]}``."""
    exercises = gb.exercises()
    maxima = gb.max_scores()
    columns = assignment_columns(exercises, ids, roster)
    identity = IDENTITY[:4] + ([INTEGRATION] if roster and roster.integration else []) + IDENTITY[4:]
    header = identity + [columns[e] for e in exercises]
    cells: dict = {}
    for r in gb.class_rows():
        cells.setdefault(r["student"], {})[r["exercise"]] = r
    rows = [{"Student": POINTS_POSSIBLE, **{columns[e]: _num(maxima.get(e, 0)) for e in exercises}}]
    missing: dict = {e: [] for e in exercises}
    if roster is None:
        people = [(s, {"Student": s, "SIS User ID": s, "SIS Login ID": s}) for s in sorted(cells)]
        unknown = []
    else:
        match_folders(roster, list(cells))
        known = roster.by_folder()
        people = [(s.folder, s.columns) for s in roster.students]
        unknown = sorted(f for f in cells if id_key(f) not in known)
        people += [(f, {"Student": f, "SIS Login ID": f}) for f in unknown]
    by_key = {id_key(k): v for k, v in cells.items()}
    for folder, identity_values in people:
        row = {c: identity_values.get(c, "") for c in identity}
        for e in exercises:
            r = by_key.get(id_key(folder), {}).get(e)
            graded = r is not None and r["status"] == "graded"  # missing, or not graded (error): empty
            row[columns[e]] = _num(r["final_score"]) if graded else ""
            if not graded and folder not in unknown:
                missing[e].append(folder)
        rows.append(row)
    return header, rows, unknown, {e: v for e, v in missing.items() if v}


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.4f}".rstrip("0")
