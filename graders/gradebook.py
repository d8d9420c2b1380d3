"""The class gradebook: one SQLite database (WAL) per grading output directory.

Tables (one row per ...):

* ``submissions``: student x exercise: the file graded, its content hash, the grader version,
  score, status (``graded`` | ``error``), the sandbox tier, seconds, when; plus the child's
  captured output (capped) for the instructor's audit, never shown to students;
* ``tasks``: student x exercise x task: score, max score, tests passed;
* ``tests``: student x exercise x task x test: passed, score, message, hint, hidden, and the typed
  failure (``kind``, ``diagnosis``, ``details``: the parent's numbers and gradient-check errors as
  JSON, only the fields the test may show; see results.py).

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

from .results import clean_text

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
    peak_memory_mb REAL,
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
    kind TEXT NOT NULL DEFAULT '',
    diagnosis TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (student, exercise, task, position)
);
CREATE TABLE IF NOT EXISTS roster (student TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS unused (
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    student TEXT NOT NULL DEFAULT '',
    exercise TEXT NOT NULL DEFAULT '',
    error INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS expected (exercise TEXT PRIMARY KEY, max_score REAL NOT NULL);
-- for whoever opens the database directly: the class members without a submission
CREATE VIEW IF NOT EXISTS missing AS
    SELECT c.student, e.exercise FROM
        (SELECT student FROM roster UNION SELECT student FROM unused WHERE student != ''
         UNION SELECT student FROM submissions) AS c
    CROSS JOIN expected AS e
    WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.student = c.student AND s.exercise = e.exercise);
"""
MISSING = "missing"
# score is the raw score; the final score is score - penalty (deadlines.late_penalty)
LATE_COLUMNS = {"due": "TEXT NOT NULL DEFAULT ''", "submitted_at": "TEXT NOT NULL DEFAULT ''",
                "time_source": "TEXT NOT NULL DEFAULT ''", "penalty": "REAL NOT NULL DEFAULT 0"}


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
        if "peak_memory_mb" not in columns:  # NULL where the run could not measure it (no cgroup)
            self.db.execute("ALTER TABLE submissions ADD COLUMN peak_memory_mb REAL")
        if "secret_fingerprint" not in columns:  # grades from before the fingerprint: regraded once
            self.db.execute("ALTER TABLE submissions ADD COLUMN secret_fingerprint TEXT NOT NULL DEFAULT ''")
        for column, kind in LATE_COLUMNS.items():  # deadlines (deadlines.py): set after each run
            if column not in columns:
                self.db.execute(f"ALTER TABLE submissions ADD COLUMN {column} {kind}")
        test_columns = {r[1] for r in self.db.execute("PRAGMA table_info(tests)")}
        for column, default in (("kind", "''"), ("diagnosis", "''"), ("details", "'{}'")):
            if column not in test_columns:  # a gradebook from before the typed result
                self.db.execute(f"ALTER TABLE tests ADD COLUMN {column} TEXT NOT NULL DEFAULT {default}")
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ writing

    def staleness(self, student: str, exercise: str, sha256: str, grader_version: str,
                  secret_fingerprint: str = "") -> str | None:
        """Why this submission must be graded ("new", "changed", "error", "grader", "secret", "unknown
        secret" for a grade recorded before fingerprints were kept), or None
        when the recorded grade was made from the same file, grader and course secret."""
        row = self.db.execute(
            "SELECT sha256, grader_version, status, secret_fingerprint FROM submissions WHERE student=? AND exercise=?",
            (student, exercise)).fetchone()
        if row is None:
            return "new"
        if row[0] != sha256:
            return "changed"
        if row[2] != "graded":
            return "error"
        if row[1] != grader_version:
            return "grader"
        if row[3] != secret_fingerprint:
            return "secret" if row[3] else "unknown secret"
        return None

    def is_current(self, student: str, exercise: str, sha256: str, grader_version: str,
                   secret_fingerprint: str = "") -> bool:
        return self.staleness(student, exercise, sha256, grader_version, secret_fingerprint) is None

    def set_class(self, expected: dict, unused: list, roster: list | None = None) -> None:
        """Record this run's intake: ``expected`` {exercise: max score}, the entries not used
        (``intake.Unused``), and the roster when one was given (else the last one is kept)."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute("DELETE FROM expected")
            cur.executemany("INSERT INTO expected VALUES (?, ?)", [(e, float(m)) for e, m in expected.items()])
            cur.execute("DELETE FROM unused")
            cur.executemany("INSERT OR REPLACE INTO unused VALUES (?,?,?,?,?)",
                            [(u.path, u.reason, u.student, u.exercise, int(u.error)) for u in unused])
            if roster is not None:
                cur.execute("DELETE FROM roster")
                cur.executemany("INSERT OR IGNORE INTO roster VALUES (?)", [(s,) for s in roster])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

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
                "error, tier, seconds, graded_at, output, extra, secret_fingerprint, peak_memory_mb) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (student, exercise, outcome.get("path", ""), outcome["sha256"], outcome["grader_version"],
                 outcome["status"], float(result["score"]), float(result["max_score"]),
                 outcome.get("error", ""), outcome.get("tier", ""), float(outcome.get("seconds", 0.0)),
                 time.strftime("%Y-%m-%dT%H:%M:%S%z"), outcome.get("output", "")[-16384:],
                 json.dumps(outcome.get("plots") or {}), outcome.get("secret_fingerprint", ""),
                 _peak(outcome.get("peak_memory_mb"))))
            for i, task in enumerate(result["tasks"]):
                tests = task["tests"]
                cur.execute("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?)",
                            (student, exercise, clean_text(task["name"]), i, float(task["score"]), float(task["max_score"]),
                             sum(bool(t["passed"]) for t in tests), len(tests)))
                for j, t in enumerate(tests):
                    cur.execute("INSERT INTO tests (student, exercise, task, test, position, passed, score, max_score, "
                                "message, hint, hidden, kind, diagnosis, details) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                (student, exercise, clean_text(task["name"]), clean_text(t["name"]), j, int(bool(t["passed"])),
                                 float(t["score"]), float(t["max_score"]), clean_text(t.get("message", "")),
                                 clean_text(t.get("hint", "")), int(bool(t.get("hidden", False))), t.get("kind") or "",
                                 t.get("diagnosis") or "", _details_json(t)))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def set_late(self, student: str, exercise: str, due: str, submitted_at: str, time_source: str,
                 penalty: float) -> None:
        """Record when a submission was handed in (``time_source``: times | nbgrader | mtime), its
        due time and the late penalty taken off its raw score."""
        self.db.execute("UPDATE submissions SET due=?, submitted_at=?, time_source=?, penalty=? "
                        "WHERE student=? AND exercise=?", (due, submitted_at, time_source, float(penalty),
                                                             student, exercise))

    # ------------------------------------------------------------------ reading

    def students(self) -> list:
        """The class: students with a submission, on the roster, or with a folder of unused files."""
        return [r[0] for r in self.db.execute(
            "SELECT student FROM submissions UNION SELECT student FROM roster "
            "UNION SELECT student FROM unused WHERE student != '' ORDER BY 1")]

    def exercises(self) -> list:
        return [r[0] for r in self.db.execute(
            "SELECT exercise FROM submissions UNION SELECT exercise FROM expected ORDER BY 1")]

    def roster(self) -> list:
        return [r[0] for r in self.db.execute("SELECT student FROM roster ORDER BY student")]

    def unused(self) -> list:
        """Entries of the last run not graded: dicts with path, reason, student, exercise, error."""
        cols = ("path", "reason", "student", "exercise", "error")
        return [dict(zip(cols, r, strict=True)) for r in
                self.db.execute(f"SELECT {', '.join(cols)} FROM unused ORDER BY path")]

    def max_scores(self) -> dict:
        maxima = dict(self.db.execute("SELECT exercise, MAX(max_score) FROM submissions GROUP BY exercise"))
        maxima.update(self.db.execute("SELECT exercise, max_score FROM expected"))
        return maxima

    def class_rows(self) -> list:
        """One dict per student x exercise of the class: student, exercise, status ("graded" |
        "error" | "missing"), score (raw), penalty (late), final_score, due, submitted_at, max_score,
        graded_at, seconds, peak_memory_mb (None where unmeasured), on_roster (None without a roster)
        and note (the error, the files of that student not used, "not on the roster")."""
        subs = {(s["student"], s["exercise"]): s for s in self.submissions()}
        roster = set(self.roster())
        unused: dict = {}
        for u in self.unused():
            if u["student"]:
                unused.setdefault(u["student"], []).append(u)
        maxima = self.max_scores()
        rows = []
        for student in self.students():
            for exercise in self.exercises():
                sub = subs.get((student, exercise))
                rows.append({"student": student, "exercise": exercise,
                             "status": sub["status"] if sub else MISSING,
                             "score": sub["score"] if sub else 0.0, "max_score": maxima.get(exercise, 0.0),
                             "penalty": sub["penalty"] if sub else 0.0,
                             "final_score": sub["score"] - sub["penalty"] if sub else 0.0,
                             "due": sub["due"] if sub else "", "submitted_at": sub["submitted_at"] if sub else "",
                             "graded_at": sub["graded_at"] if sub else "", "seconds": sub["seconds"] if sub else 0.0,
                             "peak_memory_mb": sub["peak_memory_mb"] if sub else None,
                             "on_roster": (student in roster) if roster else None,
                             "note": _note(student, exercise, sub, roster, unused.get(student, []))})
        return rows

    def submissions(self) -> list:
        cols = ("student", "exercise", "path", "sha256", "grader_version", "status", "score", "max_score",
                "error", "tier", "seconds", "graded_at", "due", "submitted_at", "time_source", "penalty", "peak_memory_mb")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM submissions ORDER BY student, exercise")
        return [dict(zip(cols, r, strict=False)) for r in rows]

    def result(self, student: str, exercise: str) -> dict | None:
        """The stored result of one submission in DESIGN.md's schema (test rows carry ``hidden``)."""
        sub = self.db.execute("SELECT score, max_score, status, error FROM submissions WHERE student=? AND exercise=?",
                              (student, exercise)).fetchone()
        if sub is None:
            return self._missing(student, exercise)
        tasks = []
        for name, score, max_score in self.db.execute(
                "SELECT task, score, max_score FROM tasks WHERE student=? AND exercise=? ORDER BY position",
                (student, exercise)).fetchall():
            tests = [
                {"name": r[0], "passed": bool(r[1]), "score": _n(r[2]), "max_score": _n(r[3]), "message": r[4],
                 "hint": r[5], "kind": r[7] or None, "diagnosis": r[8] or None, "hidden": bool(r[6]),
                 **_details(r[9])}
                for r in self.db.execute(
                    "SELECT test, passed, score, max_score, message, hint, hidden, kind, diagnosis, details FROM tests "
                    "WHERE student=? AND exercise=? AND task=? ORDER BY position", (student, exercise, name))
            ]
            tasks.append({"name": name, "score": _n(score), "max_score": _n(max_score), "tests": tests})
        result = {"exercise": exercise, "score": _n(sub[0]), "max_score": _n(sub[1]), "tasks": tasks}
        if sub[2] != "graded" or sub[3]:  # not graded, or graded with the whole file failing (its banner)
            result["error"] = sub[3]
        return result

    def _missing(self, student: str, exercise: str) -> dict | None:
        """A student of the class without a submission for an exercise of the run: a zero marked
        ``missing`` whose ``error`` says so (and which files were not used); else None."""
        if exercise not in self.exercises() or student not in self.students():
            return None
        cols = ("path", "reason", "student", "exercise", "error")
        unused = [dict(zip(cols, r, strict=True)) for r in
                  self.db.execute(f"SELECT {', '.join(cols)} FROM unused WHERE student=? ORDER BY path", (student,))]
        note = _note(student, exercise, None, set(self.roster()), unused)
        return {"exercise": exercise, "score": 0, "max_score": _n(self.max_scores().get(exercise, 0)), "tasks": [],
                "status": MISSING, "error": note}

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
    """A stored result as ``nnlab check --json`` prints one (DESIGN.md's schema plus the typed fields)."""
    out = {k: v for k, v in result.items() if k != "tasks"}
    out["tasks"] = [{**task, "tests": [{k: v for k, v in t.items() if k in PUBLIC_TEST_KEYS} for t in task["tests"]]}
                    for task in result["tasks"]]
    return out


# What a stored test may carry out of the gradebook: the schema, the typed fields, the parent's data.
PUBLIC_TEST_KEYS = ("name", "passed", "score", "max_score", "message", "hint", "kind", "diagnosis", "hidden",
                    "numbers", "gradient", "where")
_DETAIL_KEYS = ("numbers", "gradient", "where")


def _details_json(test: dict) -> str:
    """A stored test's typed details (``TestResult.details()``) as JSON; non-finite numbers as null."""
    try:
        return json.dumps({k: test[k] for k in _DETAIL_KEYS if k in test}, allow_nan=False)
    except (TypeError, ValueError):  # not data results.py made: keep nothing rather than fail the record
        return "{}"


def _details(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {k: data[k] for k in _DETAIL_KEYS if isinstance(data, dict) and k in data}


def _note(student: str, exercise: str, sub: dict | None, roster: set, unused: list) -> str:
    """What an export says beside a score: missing or not graded, not on the roster, files not used."""
    notes = []
    if sub is None:
        notes.append("missing: no submission found")
    elif sub["status"] != "graded":
        notes.append(f"not graded: {sub['error']}")
    if roster and student not in roster:
        notes.append("not on the roster")
    notes += [f"not used: {u['path']}: {u['reason']}" for u in unused if u["exercise"] in (exercise, "")]
    return "; ".join(notes)


def _n(x: float):
    return int(x) if float(x).is_integer() else round(float(x), 6)


def dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=False)


def _peak(value) -> float | None:
    """A peak memory in MB as the worker measured it, or NULL (no cgroup, or not a number)."""
    try:
        peak = float(value)
    except (TypeError, ValueError):
        return None
    return peak if peak == peak and peak >= 0 else None
