"""Class intake for ``nnlab grade``: find every submission, and account for everything else.

``discover`` walks ``SUBMISSIONS/<student>/...`` in both layouts:

* plain: ``<student>/<exercise>.py`` (or ``.ipynb``);
* nbgrader: ``<student>/<exercise>/<exercise>.ipynb`` (an nbgrader course dir's ``submitted/``).

Nothing is dropped silently: each file or folder that is not graded becomes an ``Unused`` entry
with the reason and, where the name is close to an exercise (``ex3.py``, ``Exercise3.py``,
``exercise3 (1).py``), a suggestion. Rules that keep one student from being graded as another:

* a student id must fully match ``STUDENT_ID`` (``re.fullmatch``: ``zed\\n`` is not ``zed``);
* no component below the submissions root may be a symbolic link (``mallory/exercise3 ->
  ../alice/exercise3`` would grade alice's work for mallory); files are opened with
  ``O_NOFOLLOW`` and must be regular files;
* ids that differ only in case or Unicode form (NFKC) are an error for both: an LMS would
  merge them.

Also here: the roster (``--roster FILE``), the score distribution of the summary, and the
comparison with nbgrader's own gradebook (``gradebook.db``), which in-kernel tests make
untrustworthy.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import sqlite3
import stat
import statistics
import unicodedata
from dataclasses import dataclass, field

from .course import Course, CourseError
from .submit import exercise_of_zip

# No leading =+-@ (CSV formulas), no whitespace or control characters, ASCII only.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}")
ID_RULE = "1-128 ASCII letters, digits and _.@+-, starting with a letter or digit"
# Left by editors, OSes and nbgrader; never a submission, never worth a line in the report.
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", "__pycache__", ".ipynb_checkpoints", ".git"}
NBGRADER_JUNK = {"timestamp.txt"}
ROSTER_COLUMNS = ("id", "student", "student_id", "login", "username")


@dataclass
class Submission:
    student: str
    exercise: str
    path: str

    @property
    def kind(self) -> str:
        return os.path.splitext(self.path)[1][1:] if self.path.endswith((".ipynb", ".zip")) else "py"


@dataclass
class Unused:
    """A file or folder under the submissions root that was not graded, and why."""

    path: str  # relative to the submissions root, printable
    reason: str  # why, with a suggestion where there is one
    student: str = ""  # the student folder it is in, when that is a usable id
    exercise: str = ""  # the exercise it most likely is, or ""
    error: bool = False  # an error (ids that clash), not just a file left aside


@dataclass
class Intake:
    root: str
    submissions: list = field(default_factory=list)
    unused: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [u for u in self.unused if u.error]


def printable(name: str) -> str:
    """A name as it can be shown on one line: repr() when it holds control or bidi characters."""
    if name.isprintable() and not any(unicodedata.category(c) == "Cf" for c in name):
        return name
    return repr(name)


# --------------------------------------------------------------------------- suggestions


def _normal(stem: str) -> str:
    """``Exercise_03 (1)`` -> ``exercise3``: the name with case, separators, copy suffixes gone."""
    s = unicodedata.normalize("NFKC", stem).casefold().strip()
    s = re.sub(r"([\s_.-]*(\(\d+\)|copy\d*|kopie\d*))+$", "", s)  # "exercise3 (1)", "exercise3-Copy1"
    s = re.sub(r"[\s_.-]+", "", s)
    s = re.sub(r"^ex(?=\d)", "exercise", s)
    return re.sub(r"(?<=\D)0+(?=\d)", "", s)  # exercise03 -> exercise3


def guess_exercise(name: str, exercises: list) -> str:
    """The exercise id a misnamed file or folder most likely is, or ""."""
    stem, ext = os.path.splitext(name)
    if ext.lower() not in (".py", ".ipynb"):
        stem = name
    key = _normal(stem)
    normals = {_normal(ex): ex for ex in exercises}
    if key in normals:
        return normals[key]
    close = difflib.get_close_matches(key, list(normals), n=1, cutoff=0.8)
    return normals[close[0]] if close else ""


def _suggest(name: str, exercises: list, is_dir: bool, inside: str = "") -> tuple[str, str]:
    """(likely exercise, reason) for an entry of a student folder that is not a submission."""
    ex = guess_exercise(name, exercises)
    if ex and is_dir:
        return ex, f"did you mean {ex}/ (the nbgrader folder of {ex})?"
    if ex:
        ext = ".ipynb" if name.lower().endswith(".ipynb") else ".py"
        return ex, f"did you mean {inside}{ex}{ext}?"
    return "", "not a submission (expected <exercise>.py, <exercise>.ipynb or <exercise>/<exercise>.ipynb)"


# --------------------------------------------------------------------------- discovery


def submissions_root(path: str) -> str:
    """The folder holding one folder per student (an nbgrader course dir's ``submitted/``)."""
    path = os.path.abspath(path)
    if not os.path.isdir(path):
        raise CourseError(f"no such folder: {path}")
    nested = os.path.join(path, "submitted")
    if os.path.isdir(nested) and not os.path.isfile(os.path.join(path, "submitted.py")):
        return nested
    return path


def id_key(student: str) -> str:
    """What an LMS (or a case-insensitive file system) would consider the same id."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", student).casefold())


def _clashes(names: list) -> dict:
    """{name: [other names]} for names equal up to case and Unicode normalisation."""
    groups: dict = {}
    for name in names:
        groups.setdefault(id_key(name), []).append(name)
    return {n: [o for o in group if o != n] for group in groups.values() if len(group) > 1 for n in group}


def discover(path: str, course: Course, exercises: list | None = None) -> Intake:
    """Every (student, exercise) submission under ``path``, and every entry that was not used."""
    root = submissions_root(path)
    wanted = list(exercises or course.exercises)
    for ex in wanted:
        course.exercise(ex)  # unknown ids are a usage error
    known = list(course.exercises)
    intake = Intake(root=root)
    names = sorted(os.listdir(root))
    clashes = _clashes([n for n in names if n not in JUNK and _is_dir(os.path.join(root, n))])
    for name in names:
        if name in JUNK:
            continue
        full, shown = os.path.join(root, name), printable(name)
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            intake.unused.append(Unused(shown, "a symbolic link: links are not followed (copy the real folder in)",
                                        _valid(name), guess_exercise(name, known)))
        elif stat.S_ISREG(mode):
            ex, ext = guess_exercise(name, known), os.path.splitext(name)[1].lower()
            if ex or ext in (".py", ".ipynb"):
                hint = f"put it in a student folder (<student>/{ex or '<exercise>'}{ext if ext == '.ipynb' else '.py'})"
            else:
                hint = "not a submission"
            intake.unused.append(Unused(shown, f"a file outside any student folder: {hint}", "", ex))
        elif not stat.S_ISDIR(mode):
            intake.unused.append(Unused(shown, "not a regular file or folder"))
        elif name in clashes:
            others = " and ".join(repr(o) for o in clashes[name])
            intake.unused.append(Unused(shown, f"student id {name!r} clashes with {others}: the ids differ only in "
                                        "case or Unicode form (an LMS would merge them); rename or merge the folders",
                                        error=True))
        elif not STUDENT_ID.fullmatch(name):
            intake.unused.append(Unused(shown, f"not a usable student id ({ID_RULE})"))
        else:
            _student(intake, name, full, wanted, known)
    return intake


def _is_dir(path: str) -> bool:
    return stat.S_ISDIR(os.lstat(path).st_mode)


def _valid(name: str) -> str:
    return name if STUDENT_ID.fullmatch(name) else ""


def _student(intake: Intake, student: str, sdir: str, wanted: list, known: list) -> None:
    """Add one student folder's submissions (and what it holds besides) to ``intake``."""
    found: dict = {ex: [] for ex in wanted}
    try:
        entries = sorted(os.listdir(sdir))
    except OSError as exc:  # an unreadable folder is reported, not a reason to stop the class
        intake.unused.append(Unused(student, f"cannot be read: {exc.strerror or exc}", student, error=True))
        return
    for entry in entries:
        if entry in JUNK or entry.startswith("."):
            continue
        full, rel = os.path.join(sdir, entry), f"{student}/{printable(entry)}"
        mode = os.lstat(full).st_mode
        stem, ext = os.path.splitext(entry)
        if stat.S_ISLNK(mode):
            intake.unused.append(Unused(rel, "a symbolic link: links are not followed, nothing was graded from it",
                                        student, guess_exercise(entry, known)))
        elif stat.S_ISREG(mode) and ext in (".py", ".ipynb") and stem in known:
            if stem in found:
                found[stem].append(full)
        elif stat.S_ISREG(mode) and exercise_of_zip(entry) in known:  # `nnlab submit`'s package
            if exercise_of_zip(entry) in found:
                found[exercise_of_zip(entry)].append(full)
        elif stat.S_ISDIR(mode) and entry in known:
            if entry in found:
                _nbgrader_folder(intake, student, entry, full, found[entry], known)
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            intake.unused.append(Unused(rel, "not a regular file (a FIFO, socket or device): not read", student,
                                        guess_exercise(entry, known)))
        else:
            ex, reason = _suggest(entry, known, stat.S_ISDIR(mode))
            intake.unused.append(Unused(rel, reason, student, ex))
    order = (".py", ".ipynb", ".zip")
    for ex, paths in found.items():
        if not paths:
            continue
        # plain layout first (.py before .ipynb), then the nbgrader folder
        paths.sort(key=lambda p: (os.path.dirname(p) != sdir, order.index(os.path.splitext(p)[1])))
        intake.submissions.append(Submission(student, ex, paths[0]))
        for other in paths[1:]:
            intake.unused.append(Unused(os.path.relpath(other, intake.root),
                                        f"another file of {ex} was graded ({os.path.relpath(paths[0], intake.root)})",
                                        student, ex))


def _nbgrader_folder(intake: Intake, student: str, ex: str, folder: str, found: list, known: list) -> None:
    for entry in sorted(os.listdir(folder)):
        if entry in JUNK or entry in NBGRADER_JUNK or entry.startswith("."):
            continue
        full, rel = os.path.join(folder, entry), f"{student}/{ex}/{printable(entry)}"
        mode = os.lstat(full).st_mode
        stem, ext = os.path.splitext(entry)
        if stat.S_ISLNK(mode):
            intake.unused.append(Unused(rel, "a symbolic link: links are not followed, nothing was graded from it",
                                        student, ex))
        elif stat.S_ISREG(mode) and stem == ex and ext in (".py", ".ipynb"):
            found.append(full)
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            intake.unused.append(Unused(rel, "not a regular file (a FIFO, socket or device): not read", student, ex))
        else:
            guess, reason = _suggest(entry, known, stat.S_ISDIR(mode), inside=f"{ex}/")
            intake.unused.append(Unused(rel, reason, student, guess or ex))


def read_submission(root: str, sub: Submission, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of a submission, refusing a symlink at any component below ``root``
    (checked again at read time) and anything but a regular file (a FIFO would block)."""
    rel = os.path.relpath(sub.path, root)
    here = root
    for part in rel.split(os.sep)[:-1]:
        here = os.path.join(here, part)
        if not stat.S_ISDIR(os.lstat(here).st_mode):
            raise CourseError(f"{rel}: {part} is no longer a plain folder (a symbolic link?)")
    fd = os.open(sub.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CourseError(f"{rel}: not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- roster


def read_roster(path: str) -> list:
    """Student ids from a CSV: the column named id/student/student_id/login/username, else the first."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    except OSError as exc:
        raise CourseError(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CourseError(f"the roster {path} is not UTF-8 text (save it as CSV, UTF-8)") from None
    if not rows:
        raise CourseError(f"the roster {path} is empty")
    from .canvas import folders, is_canvas_roster

    if is_canvas_roster(rows[0]):  # Canvas's gradebook export, or a folder -> Canvas mapping
        return _checked_roster(path, [(i, f) for i, f in enumerate(folders(path), 2)])
    header = [c.strip().casefold() for c in rows[0]]
    column = next((header.index(name) for name in ROSTER_COLUMNS if name in header), None)
    first_line = 2 if column is not None else 1
    body = rows[1:] if column is not None else rows
    column = column or 0
    return _checked_roster(path, [(number, row[column].strip() if column < len(row) else "")
                                  for number, row in enumerate(body, first_line)])


def _checked_roster(path: str, entries: list) -> list:
    """The roster's ids (``entries``: (line, id)), each a usable id, once, no two alike."""
    students: list = []
    for number, student in entries:
        if not STUDENT_ID.fullmatch(student):
            raise CourseError(f"roster {path}, line {number}: {printable(student)!s} is not a usable student id "
                              f"({ID_RULE})")
        if student not in students:
            students.append(student)
    clashes = _clashes(students)
    if clashes:
        a = next(iter(clashes))
        raise CourseError(f"roster {path}: ids {a!r} and {clashes[a][0]!r} differ only in case or Unicode form")
    return students


def roster_near_miss(student: str, roster: list) -> str:
    """The roster id that ``student`` differs from only in case or Unicode form, or ""."""
    key = id_key(student)
    return next((r for r in roster if id_key(r) == key), "")


# --------------------------------------------------------------------------- summary


def distribution(scores: list, max_score: float) -> str:
    """``n=7  min 0  median 11  max 14 / 14  [0-25%: 1, 25-50%: 0, 50-75%: 2, 75-<100%: 1, full: 3]``."""
    if not scores:
        return "no graded submission"
    bins = [0, 0, 0, 0, 0]
    for s in scores:
        frac = s / max_score if max_score else 1.0
        bins[4 if frac >= 1 - 1e-9 else min(3, int(frac * 4))] += 1
    labels = ("0-25%", "25-50%", "50-75%", "75-<100%", "full")
    hist = ", ".join(f"{label}: {n}" for label, n in zip(labels, bins, strict=True))
    return (f"n={len(scores)}  min {_num(min(scores))}  median {_num(statistics.median(scores))}  "
            f"max {_num(max(scores))} / {_num(max_score)}  [{hist}]")


def _num(x: float) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.2f}".rstrip("0")


# --------------------------------------------------------------------------- nbgrader's gradebook

# nbgrader.api.Grade.score: the manual score if set, else the auto score, plus extra credit; 0 if neither.
_NBGRADER_SCORES = """
SELECT sa.student_id, a.name, SUM(CASE
    WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0)
    WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0)
    ELSE 0 END)
FROM grade g
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
GROUP BY sa.student_id, a.name
"""


def nbgrader_gradebook(root: str) -> str:
    """The nbgrader ``gradebook.db`` next to a ``submitted/`` root, or ""."""
    if os.path.basename(os.path.normpath(root)) != "submitted":
        return ""
    path = os.path.join(os.path.dirname(os.path.normpath(root)), "gradebook.db")
    return path if os.path.isfile(path) else ""


def nbgrader_scores(db_path: str) -> dict:
    """``{(student, assignment): score}`` from nbgrader's gradebook, read-only with sqlite3."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {(s, a): float(score or 0) for s, a, score in db.execute(_NBGRADER_SCORES)}
    finally:
        db.close()


def nbgrader_differences(db_path: str, ours: dict) -> list:
    """Lines for each submission where nbgrader's score differs from ours: ``ours`` is
    ``{(student, ex): score}``, None where nnlab graded nothing (missing, error)."""
    try:
        theirs = nbgrader_scores(db_path)
    except sqlite3.Error as exc:
        return [f"could not read nbgrader's gradebook {db_path}: {exc}"]
    lines = []
    exercises = {ex for _, ex in ours}
    for key in sorted(k for k in theirs if k[1] in exercises):
        student, ex = key
        if key not in ours:
            lines.append(f"{student}/{ex}: nbgrader {_num(theirs[key])}, nnlab found no submission")
        elif ours[key] is None:
            lines.append(f"{student}/{ex}: nbgrader {_num(theirs[key])}, nnlab not graded")
        elif abs(ours[key] - theirs[key]) > 1e-6:
            lines.append(f"{student}/{ex}: nbgrader {_num(theirs[key])}, nnlab {_num(ours[key])}")
    return lines
