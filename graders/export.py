"""``nnlab export DIR --format json|csv|gradescope|canvas|html``: the gradebook in other shapes.

* ``json``: ``{student_id: {exercise_id: <DESIGN.md result schema>}}`` (``exports/grades.json``);
* ``csv``: nbgrader's ``grades.csv`` columns, one row per student x exercise
  (``assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,
  late_submission_penalty,score,max_score``; missing submissions score 0, like nbgrader);
* ``gradescope``: one Gradescope ``results.json`` per submission
  (``exports/gradescope/<student>/<exercise>/results.json``): the exercise score, one Gradescope
  test per task with each test's message and hint (hidden tests already stripped of inputs),
  the student's output hidden;
* ``canvas``: a Canvas gradebook import CSV (``Student, ID, SIS User ID, SIS Login ID, Section``,
  one column per exercise, a ``Points Possible`` row);
* ``html``: the per-student feedback reports again (``feedback/``).
"""

from __future__ import annotations

import csv
import json
import os

from .gradebook import Gradebook, public_result

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def _max_scores(gb: Gradebook) -> dict:
    return {r[0]: r[1] for r in gb.db.execute("SELECT exercise, MAX(max_score) FROM submissions GROUP BY exercise")}


def export_json(gb: Gradebook, dest: str) -> str:
    data = {student: {ex: public_result(result) for ex, result in exercises.items()}
            for student, exercises in gb.all_results().items()}
    _write(dest, json.dumps(data, indent=2) + "\n")
    return dest


def export_csv(gb: Gradebook, dest: str) -> str:
    subs = {(s["student"], s["exercise"]): s for s in gb.submissions()}
    maxima = _max_scores(gb)
    rows = []
    for exercise in gb.exercises():
        for student in gb.students():
            sub = subs.get((student, exercise))
            score = sub["score"] if sub else 0.0
            rows.append({"assignment": exercise, "duedate": "", "timestamp": sub["graded_at"] if sub else "",
                         "student_id": student, "last_name": "", "first_name": "", "email": "",
                         "raw_score": _num(score), "late_submission_penalty": "0.0", "score": _num(score),
                         "max_score": _num(maxima[exercise])})
    _write_csv(dest, NBGRADER_COLUMNS, rows)
    return dest


def gradescope_result(result: dict, seconds: float = 0.0) -> dict:
    """One submission's Gradescope results.json (spec: gradescope-autograders.readthedocs.io specs)."""
    tests = []
    for i, task in enumerate(result["tasks"], 1):
        lines = []
        for t in task["tests"]:
            lines.append(f"{'PASS' if t['passed'] else 'FAIL'} {t['name']}")
            if not t["passed"]:
                if t.get("message"):
                    lines.append("    " + t["message"].replace("\n", "\n    "))
                if t.get("hint"):
                    lines.append("    hint: " + t["hint"])
        full = float(task["score"]) >= float(task["max_score"]) - 1e-9
        tests.append({"name": task["name"], "number": str(i), "score": float(task["score"]),
                      "max_score": float(task["max_score"]), "status": "passed" if full else "failed",
                      "output": "\n".join(lines), "output_format": "text", "tags": [result["exercise"]],
                      "visibility": "visible"})
    out = {"score": float(result["score"]), "execution_time": round(float(seconds), 3),
           "output": f"{result['exercise']}: {_num(result['score'])}/{_num(result['max_score'])} points",
           "output_format": "text", "test_output_format": "text", "visibility": "visible",
           "stdout_visibility": "hidden", "tests": tests}
    if result.get("error"):
        out["output"] += f"\nnot graded: {result['error']}"
    return out


def export_gradescope(gb: Gradebook, dest: str) -> str:
    for sub in gb.submissions():
        result = gb.result(sub["student"], sub["exercise"])
        path = os.path.join(dest, sub["student"], sub["exercise"], "results.json")
        _write(path, json.dumps(gradescope_result(result, sub["seconds"]), indent=2) + "\n")
    return dest


def export_canvas(gb: Gradebook, dest: str) -> str:
    subs = {(s["student"], s["exercise"]): s for s in gb.submissions()}
    exercises = gb.exercises()
    maxima = _max_scores(gb)
    header = CANVAS_COLUMNS + exercises
    rows = [dict(zip(header, ["Points Possible", "", "", "", ""] + [_num(maxima[e]) for e in exercises], strict=False))]
    for student in gb.students():
        row = {"Student": student, "ID": "", "SIS User ID": student, "SIS Login ID": student, "Section": ""}
        for e in exercises:
            sub = subs.get((student, e))
            row[e] = _num(sub["score"]) if sub else "0"
        rows.append(row)
    _write_csv(dest, header, rows)
    return dest


DEFAULT_DEST = {"json": "grades.json", "csv": "grades.csv", "gradescope": "gradescope", "canvas": "canvas.csv"}


def export(out_dir: str, fmt: str, dest: str | None = None) -> str:
    """Write one export of ``out_dir``'s gradebook; returns where."""
    if fmt == "html":
        from .feedback import write_feedback

        write_feedback(out_dir, dest_dir=dest)
        return dest or os.path.join(out_dir, "feedback")
    dest = dest or os.path.join(out_dir, "exports", DEFAULT_DEST[fmt])
    with Gradebook(out_dir, create=False) as gb:
        return {"json": export_json, "csv": export_csv, "gradescope": export_gradescope,
                "canvas": export_canvas}[fmt](gb, dest)


def cli_export(out_dir: str, fmt: str, dest: str | None) -> int:
    from .errors import CourseError

    try:
        where = export(out_dir, fmt, dest)
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
