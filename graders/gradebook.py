"""The class gradebook: one SQLite database (WAL) per grading output directory.

Tables (one row per ...):

* ``submissions``: student x exercise: the file graded, its content hash, the grader version,
  score, status (``graded`` | ``error``), the sandbox tier, seconds, when; plus the child's
  captured output (capped) for the instructor's audit, never shown to students;
* ``tasks``: student x exercise x task: score, max score, tests passed;
* ``tests``: student x exercise x task x test: passed, score, message, hint, hidden.

Each submission is written in one transaction (old rows replaced), in WAL mode with
``synchronous=FULL``: killing ``nnlab grade`` at any moment loses at most the submission being
graded, never a recorded grade. A submission is skipped when its content hash and the grader
version are those already recorded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time

SCHEMA_VERSION = 1
DB_NAME = "gradebook.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    grader_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('graded', 'error')),
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL DEFAULT 0,
    graded_at TEXT NOT NULL,
    output TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (student, exercise)
);
CREATE TABLE IF NOT EXISTS tasks (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    task TEXT NOT NULL,
    position INTEGER NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    passed INTEGER NOT NULL,
    n_tests INTEGER NOT NULL,
    PRIMARY KEY (student, exercise, task)
);
CREATE TABLE IF NOT EXISTS tests (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    task TEXT NOT NULL,
    test TEXT NOT NULL,
    position INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    message TEXT NOT NULL,
    hint TEXT NOT NULL,
    hidden INTEGER NOT NULL,
    PRIMARY KEY (student, exercise, task, position)
);
"""


class Gradebook:
    """``with Gradebook(out_dir) as gb: gb.record(...)``."""

    def __init__(self, out_dir: str, create: bool = True) -> None:
        self.path = os.path.join(out_dir, DB_NAME)
        if not create and not os.path.exists(self.path):
            raise FileNotFoundError(self.path)
        os.makedirs(out_dir, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(submissions)")}
        if "extra" not in columns:  # a gradebook written before plot data was kept
            self.db.execute("ALTER TABLE submissions ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'")
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ writing

    def is_current(self, student: str, exercise: str, sha256: str, grader_version: str) -> bool:
        row = self.db.execute(
            "SELECT sha256, grader_version, status FROM submissions WHERE student=? AND exercise=?",
            (student, exercise)).fetchone()
        return row is not None and row[0] == sha256 and row[1] == grader_version and row[2] == "graded"

    def record(self, outcome: dict) -> None:
        """Write one submission's outcome (``batch.grade_one``'s dict) in a single transaction."""
        student, exercise = outcome["student"], outcome["exercise"]
        result = outcome.get("result") or {"score": 0, "max_score": outcome.get("max_score", 0), "tasks": []}
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for table in ("tests", "tasks", "submissions"):
                cur.execute(f"DELETE FROM {table} WHERE student=? AND exercise=?", (student, exercise))
            cur.execute(
                "INSERT INTO submissions (student, exercise, path, sha256, grader_version, status, score, max_score, "
                "error, tier, seconds, graded_at, output, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (student, exercise, outcome.get("path", ""), outcome["sha256"], outcome["grader_version"],
                 outcome["status"], float(result["score"]), float(result["max_score"]),
                 outcome.get("error", ""), outcome.get("tier", ""), float(outcome.get("seconds", 0.0)),
                 time.strftime("%Y-%m-%dT%H:%M:%S%z"), outcome.get("output", "")[-16384:],
                 json.dumps(outcome.get("plots") or {})))
            for i, task in enumerate(result["tasks"]):
                tests = task["tests"]
                cur.execute("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?)",
                            (student, exercise, task["name"], i, float(task["score"]), float(task["max_score"]),
                             sum(bool(t["passed"]) for t in tests), len(tests)))
                for j, t in enumerate(tests):
                    cur.execute("INSERT INTO tests VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                (student, exercise, task["name"], t["name"], j, int(bool(t["passed"])),
                                 float(t["score"]), float(t["max_score"]), t.get("message", ""),
                                 t.get("hint", ""), int(bool(t.get("hidden", False)))))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ reading

    def students(self) -> list:
        return [r[0] for r in self.db.execute("SELECT DISTINCT student FROM submissions ORDER BY student")]

    def exercises(self) -> list:
        return [r[0] for r in self.db.execute("SELECT DISTINCT exercise FROM submissions ORDER BY exercise")]

    def submissions(self) -> list:
        cols = ("student", "exercise", "path", "sha256", "grader_version", "status", "score", "max_score",
                "error", "tier", "seconds", "graded_at")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM submissions ORDER BY student, exercise")
        return [dict(zip(cols, r, strict=False)) for r in rows]

    def result(self, student: str, exercise: str) -> dict | None:
        """The stored result of one submission in DESIGN.md's schema (test rows carry ``hidden``)."""
        sub = self.db.execute("SELECT score, max_score, status, error FROM submissions WHERE student=? AND exercise=?",
                              (student, exercise)).fetchone()
        if sub is None:
            return None
        tasks = []
        for name, score, max_score in self.db.execute(
                "SELECT task, score, max_score FROM tasks WHERE student=? AND exercise=? ORDER BY position",
                (student, exercise)).fetchall():
            tests = [
                {"name": r[0], "passed": bool(r[1]), "score": _n(r[2]), "max_score": _n(r[3]), "message": r[4],
                 "hint": r[5], "hidden": bool(r[6])}
                for r in self.db.execute(
                    "SELECT test, passed, score, max_score, message, hint, hidden FROM tests "
                    "WHERE student=? AND exercise=? AND task=? ORDER BY position", (student, exercise, name))
            ]
            tasks.append({"name": name, "score": _n(score), "max_score": _n(max_score), "tests": tests})
        result = {"exercise": exercise, "score": _n(sub[0]), "max_score": _n(sub[1]), "tasks": tasks}
        if sub[2] != "graded":
            result["error"] = sub[3]
        return result

    def plot_data(self, student: str, exercise: str) -> dict:
        """What the worker computed for this submission's plots (e.g. decision regions), or {}."""
        row = self.db.execute("SELECT extra FROM submissions WHERE student=? AND exercise=?",
                              (student, exercise)).fetchone()
        try:
            return json.loads(row[0]) if row else {}
        except ValueError:
            return {}

    def all_results(self) -> dict:
        """``{student: {exercise: result}}`` for every recorded submission."""
        out: dict = {}
        for sub in self.submissions():
            out.setdefault(sub["student"], {})[sub["exercise"]] = self.result(sub["student"], sub["exercise"])
        return out

    def counts(self) -> dict:
        tables = ("submissions", "tasks", "tests")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def public_result(result: dict) -> dict:
    """A stored result without the ``hidden`` flags (exactly DESIGN.md's result schema)."""
    out = {k: v for k, v in result.items() if k != "tasks"}
    out["tasks"] = [{**task, "tests": [{k: v for k, v in t.items() if k != "hidden"} for t in task["tests"]]}
                    for task in result["tasks"]]
    return out


def _n(x: float):
    return int(x) if float(x).is_integer() else round(float(x), 6)


def dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=False)
