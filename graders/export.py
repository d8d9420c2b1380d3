"""``nnlab export DIR --format json|csv|gradescope|canvas|html``: the gradebook in other shapes.

Every export covers the whole class (``Gradebook.class_rows``): each student with a submission,
on the roster or with a folder of unused files, for each exercise of the run. A student without
a submission is marked ``missing``, never dropped.

* ``json``: ``{student_id: {exercise_id: <DESIGN.md result schema>}}`` (``exports/grades.json``);
  a missing one is ``{"exercise", "score": 0, "max_score", "tasks": [], "status": "missing",
  "note"}``, and any result with something to say carries a ``note``;
* ``csv``: nbgrader's ``grades.csv`` columns, one row per student x exercise
  (``assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,
  late_submission_penalty,score,max_score``; missing submissions score 0, like nbgrader), then
  ``status`` (graded | error | missing | unrecognised) and ``note`` (why: files not used and the
  suggestion, "not on the roster"); a file or folder outside any usable student folder is a row
  of its own, status ``unrecognised``, with no student id;
* ``gradescope``: one Gradescope ``results.json`` per student x exercise
  (``exports/gradescope/<student>/<exercise>/results.json``): the exercise score, one Gradescope
  test per task with each test's message and hint (hidden tests already stripped of inputs),
  the student's output hidden; a missing one scores 0 and says why;
* ``canvas``: a Canvas gradebook import CSV (``Student, ID, SIS User ID, SIS Login ID, Section``,
  one column per exercise, a ``Points Possible`` row); a missing submission is an empty cell
  (Canvas leaves it ungraded, so its missing-submission policy applies) rather than a 0. With
  ``--roster`` (Canvas's own gradebook export, or a folder mapping) each student's Canvas
  identity is filled in, and ``--canvas-assignment [EXERCISE=]ID`` heads a column ``Name (ID)``
  so the import fills that existing assignment (canvas.py);
* ``html``: the per-student feedback reports again (``feedback/``); a missing one says so.
"""

from __future__ import annotations

import csv
import json
import os
import sys

from .gradebook import MISSING, Gradebook, _n, public_result
from .results import clean_text

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
INTAKE_COLUMNS = ["status", "note", "peak_memory_mb"]  # after nbgrader's: tools reading those by name are unaffected
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def _result(gb: Gradebook, row: dict) -> dict:
    """One class row as a result in DESIGN.md's schema, plus ``status``/``note`` where they say something."""
    if row["status"] == MISSING:
        return {"exercise": row["exercise"], "score": 0, "max_score": _n(row["max_score"]), "tasks": [],
                "status": MISSING, "note": row["note"]}
    result = with_late(public_result(gb.result(row["student"], row["exercise"])), row)
    if row["note"]:
        result["note"] = row["note"]
    return result


def with_late(result: dict, row: dict) -> dict:
    """A result with its late penalty applied (``score`` final; ``raw_score``, ``late_penalty``,
    ``due``, ``submitted_at`` beside it) where the exercise has a due date or a penalty was taken."""
    if not (row.get("due") or row.get("penalty")):
        return result
    return {**result, "score": _n(row["final_score"]), "raw_score": _n(row["score"]),
            "late_penalty": _n(row["penalty"]), "due": row["due"], "submitted_at": row["submitted_at"]}


def export_json(gb: Gradebook, dest: str) -> str:
    data: dict = {}
    for row in gb.class_rows():
        data.setdefault(row["student"], {})[row["exercise"]] = _result(gb, row)
    _write(dest, json.dumps(data, indent=2) + "\n")
    return dest


def export_csv(gb: Gradebook, dest: str) -> str:
    rows = []
    for r in sorted(gb.class_rows(), key=lambda r: (r["exercise"], r["student"])):
        rows.append({"assignment": r["exercise"], "duedate": r["due"], "timestamp": r["submitted_at"],
                     "student_id": r["student"], "last_name": "", "first_name": "", "email": "",
                     "raw_score": _num(r["score"]), "late_submission_penalty": _num(r["penalty"]),
                     "score": _num(r["final_score"]),
                     "max_score": _num(r["max_score"]), "status": r["status"], "note": r["note"],
                     "peak_memory_mb": "" if r["peak_memory_mb"] is None else f"{r['peak_memory_mb']:.0f}"})
    for u in gb.unused():
        if not u["student"]:  # outside any usable student folder: nobody's row shows it
            rows.append({"assignment": u["exercise"], "student_id": "", "status": "unrecognised",
                         "note": f"not used: {u['path']}: {u['reason']}"})
    _write_csv(dest, NBGRADER_COLUMNS + INTAKE_COLUMNS, rows)
    return dest


def gradescope_output(tests: list) -> str:
    """A Gradescope test's ``output``: PASS/FAIL per test, and each failure's message and hint
    (already safe for hidden tests), control characters neutralised."""
    lines = []
    for t in tests:
        lines.append(f"{'PASS' if t['passed'] else 'FAIL'} {clean_text(t['name'])}")
        if not t["passed"]:
            if t.get("message"):
                lines.append("    " + clean_text(t["message"]).replace("\n", "\n    "))
            if t.get("hint"):
                lines.append("    hint: " + clean_text(t["hint"]))
    return "\n".join(lines)


def gradescope_result(result: dict, seconds: float = 0.0) -> dict:
    """One submission's Gradescope results.json (spec: gradescope-autograders.readthedocs.io specs)."""
    tests = []
    for i, task in enumerate(result["tasks"], 1):
        full = float(task["score"]) >= float(task["max_score"]) - 1e-9
        tests.append({"name": task["name"], "number": str(i), "score": float(task["score"]),
                      "max_score": float(task["max_score"]), "status": "passed" if full else "failed",
                      "output": gradescope_output(task["tests"]), "output_format": "text", "tags": [result["exercise"]],
                      "visibility": "visible"})
    out = {"score": float(result["score"]), "execution_time": round(float(seconds), 3),
           "output": f"{result['exercise']}: {_num(result['score'])}/{_num(result['max_score'])} points",
           "output_format": "text", "test_output_format": "text", "visibility": "visible",
           "stdout_visibility": "hidden", "tests": tests}
    if result.get("late_penalty"):
        out["output"] += (f"\nlate: handed in {result['submitted_at']}, due {result['due']}: "
                          f"{_num(result['raw_score'])} - {_num(result['late_penalty'])} late penalty")
    if result.get("status") == MISSING:
        out["output"] += f"\n{clean_text(result['error'])}"
    elif result.get("error"):
        out["output"] += f"\nnot graded: {clean_text(result['error'])}"
    return out


def export_gradescope(gb: Gradebook, dest: str) -> str:
    for row in gb.class_rows():
        result = gb.result(row["student"], row["exercise"])
        if row["status"] == MISSING:
            result = {**result, "error": row["note"]}
        result = with_late(result, row)
        path = os.path.join(dest, row["student"], row["exercise"], "results.json")
        _write(path, json.dumps(gradescope_result(result, row["seconds"]), indent=2) + "\n")
    return dest


def export_canvas(gb: Gradebook, dest: str, roster: str | None = None, assignments: tuple = (), say=None) -> str:
    """Canvas's gradebook import CSV (canvas.py): with ``roster``, every roster student with their
    Canvas name, ID, SIS ids and section; ``assignments`` (``--canvas-assignment``) name existing
    Canvas assignments. Students not on the roster and roster students without a grade are said."""
    from . import canvas

    say = say or (lambda msg: print(msg, file=sys.stderr))
    ids = canvas.parse_assignments(assignments, gb.exercises())
    header, rows, unknown, missing = canvas.canvas_rows(gb, canvas.read_roster(roster) if roster else None, ids)
    if unknown:
        say(f"nnlab export: canvas: graded but not in the roster (rows without a Canvas ID, at the end of the file; "
            f"Canvas will report them as not found): {', '.join(unknown)}")
    for exercise, folders in missing.items():
        say(f"nnlab export: canvas: {exercise}: no grade (left empty, Canvas keeps them ungraded): {', '.join(folders)}")
    _write_csv(dest, header, rows)
    return dest


DEFAULT_DEST = {"json": "grades.json", "csv": "grades.csv", "gradescope": "gradescope", "canvas": "canvas.csv"}


def export(out_dir: str, fmt: str, dest: str | None = None, roster: str | None = None,
           canvas_assignments: tuple = ()) -> str:
    """Write one export of ``out_dir``'s gradebook; returns where (``roster`` and
    ``canvas_assignments``: the Canvas export's, see canvas.py)."""
    if (roster or canvas_assignments) and fmt != "canvas":
        from .errors import CourseError

        raise CourseError("--roster and --canvas-assignment are for --format canvas")
    if fmt == "html":
        from .feedback import write_feedback
        from .overview import write_overview

        write_feedback(out_dir, dest_dir=dest)
        write_overview(out_dir, course=_course_or_none(), dest_dir=dest)  # feedback/index.html
        return dest or os.path.join(out_dir, "feedback")
    dest = dest or os.path.join(out_dir, "exports", DEFAULT_DEST[fmt])
    with Gradebook(out_dir, create=False) as gb:
        if fmt == "canvas":
            return export_canvas(gb, dest, roster, canvas_assignments)
        return {"json": export_json, "csv": export_csv, "gradescope": export_gradescope}[fmt](gb, dest)


def _course_or_none():
    """The course of the current directory when there is one (titles and stubs for the overview)."""
    from . import course as course_module
    from .errors import CourseError

    try:
        return course_module.load()
    except CourseError:
        return None


def cli_export(out_dir: str, fmt: str, dest: str | None, roster: str | None = None,
               canvas_assignments: tuple = ()) -> int:
    from .errors import CourseError

    try:
        where = export(out_dir, fmt, dest, roster, canvas_assignments)
    except FileNotFoundError:
        raise CourseError(f"no gradebook in {out_dir} (run `nnlab grade SUBMISSIONS --out {out_dir}` first)") from None
    print(where)
    return 0


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.4f}".rstrip("0")


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _write_csv(path: str, header: list, rows: list) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)
