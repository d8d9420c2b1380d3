"""``nnlab gradescope [EXERCISE...] --out autograder.zip``: the course as a Gradescope autograder.

Gradescope's autograder specification (gradescope-autograders.readthedocs.io, "Autograder
Specifications"): the zip holds ``setup.sh`` and ``run_autograder`` at its root; Gradescope
unpacks it into ``/autograder/source``, runs ``setup.sh`` once as root on its Ubuntu image while
building the image, and for each submission runs ``run_autograder`` with the upload in
``/autograder/submission``; what the student sees is ``/autograder/results/results.json``.

The zip is the instructor's: it holds the whole course (course.yml, ``reference/``, ``graders/``
with the hidden tests and fixtures, the exercises' stubs) and the course secret.

* ``setup.sh`` installs bubblewrap (apt-get) and nnlab with the course into ``/autograder/venv``
  (pip, editable, pinned by constraints.txt). It is idempotent (each step is skipped when its
  result is already there) and ``NNLAB_SKIP_INSTALL=1`` skips the installs altogether.
* ``run_autograder`` grades with ``batch.grade_one``, the worker of ``nnlab grade``: the same
  engine, public and hidden tests, under the same bubblewrap tier, failing closed when the
  sandbox cannot be built (``NNLAB_ALLOW_INSECURE=1`` in the environment is the instructor's
  explicit opt-out, trusting Gradescope's container alone). The sandbox shows the child neither
  ``/autograder/source`` (hidden tests, secret) nor ``/autograder/results``; results.json is
  written by the parent after grading, replacing anything there, and is always written, also
  for an upload that is not a submission (score 0, the files expected) or a failure of the
  grading machine (score 0, "not graded", the reason in the instructor's stdout).
* ``NNLAB_AUTOGRADER_ROOT`` stands in for ``/autograder`` (tests run the autograder here).

The secret (``course.secret_env``, NNLAB_SECRET by default) is read when the zip is built and
stored in it as ``nnlab-secret`` (Gradescope has no secret store for autograders). The hidden
tests' seeds are HMAC(secret, student) as in ``nnlab grade``, the student being the Gradescope
user id(s) of the submission (``submission_metadata.json``; group members joined by ``+``), so
every resubmission of a student meets the same hidden inputs (no fishing for easier ones) and
``nnlab grade`` with the same secret and id reproduces the grade. Without metadata the seed is
per upload (the hash of the files). Whoever holds the zip can compute every seed: keep it, like
the secret, with the instructors.

Results: one Gradescope test per task and visibility (the task is the unit of points in
course.yml): ``<task>`` (``visible``) with the public tests and ``<task> (hidden tests)``
(``after_published``) with the hidden ones. Without partial credit a task's points need all of
its tests, so a task with hidden tests puts all its points on the hidden entry and its public
entry is worth 0 (showing the public entry 0 points would reveal a hidden failure before the
grades are published); with partial credit each entry has its tests' points. Outputs are the
typed result's messages and hints; hidden tests' messages hold only what the parent computed.
Late penalties are Gradescope's own business there (its late-submission settings).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
import zipfile

from .course import COURSE_FILE, Course, CourseError
from .export import gradescope_output

ROOT_ENV = "NNLAB_AUTOGRADER_ROOT"
SECRET_FILE = "nnlab-secret"
CONFIG_FILE = "nnlab-gradescope.json"
MAX_UPLOAD_BYTES = 64 * 2**20
SEARCH_DEPTH = 3  # how deep in the upload the exercise files are looked for (a zipped folder)
SKIP_NAMES = {"mutants", "__pycache__", ".nnlab", ".git", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints"}
COURSE_FILES = ("pyproject.toml", "constraints.txt", "README.md")

SETUP_SH = r"""#!/usr/bin/env bash
# nnlab Gradescope autograder: set-up, run once as root while Gradescope builds the image.
# Idempotent; NNLAB_SKIP_INSTALL=1 skips the installs; NNLAB_AUTOGRADER_ROOT stands in for /autograder.
set -euo pipefail
ROOT="${NNLAB_AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"
VENV="$ROOT/venv"
chmod 0755 "$SRC/run_autograder" "$SRC/setup.sh"
chmod 0600 "$SRC/nnlab-secret"
if [ "${NNLAB_SKIP_INSTALL:-0}" = 1 ]; then
  echo "setup.sh: NNLAB_SKIP_INSTALL=1: no installs"
  exit 0
fi
PY="${NNLAB_AUTOGRADER_PYTHON:-$VENV/bin/python}"
need_python=0
"$PY" -c 'import graders, numpy, yaml, click, rich' >/dev/null 2>&1 || need_python=1
if ! command -v bwrap >/dev/null 2>&1 || { [ "$need_python" = 1 ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; }; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends bubblewrap python3 python3-venv python3-pip
else
  echo "setup.sh: bubblewrap and python3 already installed"
fi
if [ "$need_python" = 1 ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q -c "$SRC/constraints.txt" -e "$SRC{extras}"
else
  echo "setup.sh: nnlab already installed for $PY"
fi
echo "setup.sh: done"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# nnlab Gradescope autograder: grades $ROOT/submission, writes $ROOT/results/results.json.
ROOT="${NNLAB_AUTOGRADER_ROOT:-/autograder}"
PY="${NNLAB_AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
cd "$ROOT/source" && PYTHONPATH="$ROOT/source" "$PY" -m graders.gradescope "$ROOT"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then  # Python itself failed: still a results.json
  msg="Not graded: the autograder failed to start (exit $status). Your instructor will regrade."
  printf '{"score": 0, "output": "%s", "tests": []}\n' "$msg" > "$ROOT/results/results.json"
fi
exit 0
"""


# --------------------------------------------------------------------------- building the zip


def build(course: Course, exercises: list, out: str) -> dict:
    """Write the autograder zip; returns {"zip", "exercises", "files"}."""
    from .batch import course_secret

    exercises = list(exercises or course.exercises)
    for ex in exercises:
        course.exercise(ex)
    secret = course_secret(course)
    if importable_reference(course) is False:
        raise CourseError("the reference solutions are not in this course folder (a student handout?): "
                          "build the autograder from the instructor's course")
    extras = ",".join(e for e in ("tf", "data") if any(course.exercise(x).needs_tensorflow for x in exercises))
    files = course_files(course, exercises)
    config = {"exercises": exercises, "course": course.id, "secret_env": course.secret_env}
    out = os.path.abspath(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        _add_text(zf, "setup.sh", SETUP_SH.replace("{extras}", f"[{extras}]" if extras else ""), 0o755)
        _add_text(zf, "run_autograder", RUN_AUTOGRADER, 0o755)
        _add_text(zf, CONFIG_FILE, json.dumps(config, indent=2) + "\n", 0o644)
        _add_text(zf, SECRET_FILE, secret, 0o600)
        for rel in files:
            zf.write(os.path.join(course.root, rel), rel)
    os.replace(tmp, out)
    return {"zip": out, "exercises": exercises, "files": len(files) + 4}


def importable_reference(course: Course) -> bool:
    return os.path.isdir(os.path.join(course.root, "reference"))


def course_files(course: Course, exercises: list) -> list:
    """Relative paths of what the autograder needs from the course folder (no symlinks, no caches)."""
    rels = [COURSE_FILE] + [f for f in COURSE_FILES if os.path.isfile(os.path.join(course.root, f))]
    for top in ["graders", "reference"] + [os.path.join("exercises", ex) for ex in exercises]:
        rels += _walk(course.root, top)
    return rels


def _walk(root: str, top: str) -> list:
    out = []
    for here, dirs, names in os.walk(os.path.join(root, top)):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_NAMES and not os.path.islink(os.path.join(here, d)))
        for name in sorted(names):
            full = os.path.join(here, name)
            if name.endswith((".pyc", ".tmp")) or not stat.S_ISREG(os.lstat(full).st_mode):
                continue
            out.append(os.path.relpath(full, root))
    return out


def _add_text(zf: zipfile.ZipFile, name: str, text: str, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


def cli_gradescope(exercises: tuple, out: str) -> int:
    from . import course as course_module

    course = course_module.load()
    done = build(course, list(exercises), out)
    print(f"nnlab gradescope: {', '.join(done['exercises'])}: {done['files']} files (course, hidden tests, "
          f"secret: keep this zip private); upload it as the assignment's autograder", file=sys.stderr)
    print(done["zip"])
    return 0


# --------------------------------------------------------------------------- finding the submission


def find_uploads(folder: str, exercises: list) -> tuple[dict, list]:
    """({exercise: (name, kind, bytes)}, [names seen]) from an upload folder. Files are exactly
    ``<exercise>.py``, ``<exercise>.ipynb`` or ``submission-<exercise>.zip`` (shallowest first,
    then in that order); symbolic links and anything but regular files are never opened."""
    from .submit import exercise_of_zip

    candidates: dict = {ex: [] for ex in exercises}
    seen: list = []
    for depth, rel, full in _upload_files(folder):
        seen.append(rel)
        name = os.path.basename(rel)
        stem, ext = os.path.splitext(name)
        if ext in (".py", ".ipynb") and stem in candidates:
            candidates[stem].append((depth, (".py", ".ipynb", ".zip").index(ext), rel, ext[1:], full))
        elif exercise_of_zip(name) in candidates:
            candidates[exercise_of_zip(name)].append((depth, 2, rel, "zip", full))
    found = {}
    for ex, options in candidates.items():
        if options:
            _, _, rel, kind, full = sorted(options)[0]
            found[ex] = (rel, kind, _read_upload(full))
    return found, seen


def _upload_files(folder: str):
    """(depth, relative path, full path) of each regular file, links not followed."""
    stack = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            names = sorted(os.listdir(here))
        except OSError:
            continue
        for name in names:
            full = os.path.join(here, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISDIR(mode) and depth + 1 < SEARCH_DEPTH and name not in SKIP_NAMES:
                stack.append((full, depth + 1))
            elif stat.S_ISREG(mode):
                yield depth, os.path.relpath(full, folder), full


def _read_upload(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CourseError(f"{os.path.basename(path)}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(MAX_UPLOAD_BYTES + 1)
    finally:
        os.close(fd)


def expected_files(exercises: list) -> str:
    return "; ".join(f"{ex}.py, {ex}.ipynb or submission-{ex}.zip" for ex in exercises)


def student_id(root: str, found: dict) -> str:
    """Gradescope's user id(s) of the submission, or (no metadata) a per-upload id."""
    try:
        with open(os.path.join(root, "submission_metadata.json"), "rb") as f:
            meta = json.loads(f.read(1 << 20))
        ids = sorted(str(u["id"]) for u in meta["users"])
        if ids and all(ids):
            return "gradescope-" + "+".join(ids)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    h = hashlib.sha256()
    for ex in sorted(found):
        h.update(found[ex][2])
    return "upload-" + h.hexdigest()[:16]


# --------------------------------------------------------------------------- grading one submission


def run(root: str) -> dict:
    """Grade ``root/submission`` and write ``root/results/results.json``; returns the results."""
    started = time.monotonic()
    results_dir = os.path.join(root, "results")
    os.makedirs(results_dir, exist_ok=True)
    try:
        results = grade_upload(root, started)
    except Exception as exc:  # the machine's problem, not the student's: say so, never crash
        print(f"nnlab gradescope: NOT GRADED: {type(exc).__name__}: {exc}", file=sys.stderr)
        results = {"score": 0.0, "execution_time": _elapsed(started), "visibility": "visible",
                   "stdout_visibility": "hidden", "tests": [],
                   "output": "Not graded: the autograder could not grade this submission (a problem of the grading "
                             "machine, not of your code). Your instructor has been told and will regrade."}
    write_results(results_dir, results)
    return results


def write_results(results_dir: str, results: dict) -> str:
    path = os.path.join(results_dir, "results.json")
    tmp = os.path.join(results_dir, f".results-{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)  # replaces whatever is there, link or not
    return path


def grade_upload(root: str, started: float) -> dict:
    from . import course as course_module

    source = os.path.join(root, "source")
    course = course_module.load(source)
    with open(os.path.join(source, CONFIG_FILE), encoding="utf-8") as f:
        exercises = json.load(f)["exercises"]
    found, seen = find_uploads(os.path.join(root, "submission"), exercises)
    if not found:
        return _nothing_found(course, exercises, seen, started)
    secret = os.environ.get(course.secret_env) or _read_secret(source)
    settings = _settings(course, root)
    student = student_id(root, found)
    graded = {}
    for ex in exercises:
        if ex in found:
            graded[ex] = _grade_exercise(course, ex, found[ex], student, secret, settings)
    return gradescope_results(course, exercises, graded, found, seen, _elapsed(started))


def _read_secret(source: str) -> str:
    with open(os.path.join(source, SECRET_FILE), encoding="utf-8") as f:
        secret = f.read().strip()
    if not secret:
        raise CourseError(f"{SECRET_FILE} is empty")
    return secret


def _settings(course: Course, root: str) -> dict:
    """The sandbox settings of ``nnlab grade``: fail closed unless NNLAB_ALLOW_INSECURE=1."""
    from .batch import InfrastructureError, hide_paths
    from .sandbox import probe

    found = probe()
    if not found.ok and os.environ.get("NNLAB_ALLOW_INSECURE") != "1":
        raise InfrastructureError(f"{found.describe()} (NNLAB_ALLOW_INSECURE=1 grades without the OS sandbox)")
    extra = tuple(os.path.join(root, d) for d in ("source", "submission", "results"))
    return {"insecure": not found.ok, "workers": 1, "hide": hide_paths(course.root, extra)}


def _grade_exercise(course: Course, exercise: str, upload: tuple, student: str, secret: str, settings: dict) -> dict:
    from .batch import InfrastructureError, grade_one, grader_version, seed_key, sha256_of

    rel, kind, content = upload
    job = {"student": student, "exercise": exercise, "path": rel, "kind": kind, "content": content,
           "sha256": sha256_of(content), "grader_version": grader_version(course, exercise),
           "course_root": course.root, "seed_key": seed_key(secret, student), "settings": settings}
    if len(content) > MAX_UPLOAD_BYTES:
        from .batch import _zero

        return {"status": "graded", "result": _zero(course, exercise, f"{rel} is larger than "
                                                    f"{MAX_UPLOAD_BYTES >> 20} MB"), "seconds": 0.0}
    outcome = grade_one(job)
    print(f"nnlab gradescope: {exercise}: {rel}: {outcome['status']} ({outcome.get('tier', '')}) "
          f"{outcome.get('error', '')}", file=sys.stderr)
    if outcome.get("output"):
        print(outcome["output"][-4000:], file=sys.stderr)  # the instructor's stdout only
    if outcome["status"] == "infrastructure":
        raise InfrastructureError(outcome["error"])
    if outcome["status"] != "graded":
        raise RuntimeError(outcome.get("error", "grading failed"))
    return outcome


# --------------------------------------------------------------------------- results.json


def gradescope_results(course: Course, exercises: list, graded: dict, found: dict, seen: list, seconds: float) -> dict:
    """Gradescope's results.json for the exercises of the assignment (missing ones score 0)."""
    tests, lines, score = [], [], 0.0
    for i, ex in enumerate(exercises, 1):
        config = course.exercise(ex)
        if ex not in graded:
            lines.append(f"{ex}: 0/{_num(config.max_score)} points: no {ex}.py, {ex}.ipynb or submission-{ex}.zip "
                         "in your upload")
            tests += [_entry(f"{ex}: {t.name}", f"{i}.{j}", 0.0, t.points, False, "not submitted", "visible", ex)
                      for j, t in enumerate(config.tasks.values(), 1)]
            continue
        result = graded[ex]["result"]
        score += float(result["score"])
        lines.append(f"{ex}: {_num(result['score'])}/{_num(result['max_score'])} points (graded {found[ex][0]})")
        tests += task_entries(result, i, config.partial_credit, prefix=f"{ex}: " if len(exercises) > 1 else "")
    extra = sorted(set(seen) - {found[ex][0] for ex in found})
    if extra:
        lines.append(f"not graded (not a submission file): {', '.join(_shown(extra))}")
    return {"score": round(score, 6), "execution_time": seconds, "output": "\n".join(lines), "output_format": "text",
            "test_output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def task_entries(result: dict, number: int, partial_credit: bool, prefix: str = "") -> list:
    """One visible entry per task (its public tests) and one after_published entry (its hidden tests)."""
    entries = []
    for j, task in enumerate(result["tasks"], 1):
        public = [t for t in task["tests"] if not t.get("hidden")]
        hidden = [t for t in task["tests"] if t.get("hidden")]
        name = f"{prefix}{task['name']}"
        if not hidden:
            entries.append(_entry(name, f"{number}.{j}", task["score"], task["max_score"], _all_passed(public),
                                  gradescope_output(public), "visible", result["exercise"]))
            continue
        if partial_credit:
            pub_score, pub_max = _sum(public, "score"), _sum(public, "max_score")
        else:
            pub_score = pub_max = 0.0
        note = "" if partial_credit else "\n(this task's points come with its hidden tests, shown after grades are published)"
        entries.append(_entry(name, f"{number}.{j}", pub_score, pub_max, _all_passed(public),
                              gradescope_output(public) + note, "visible", result["exercise"]))
        entries.append(_entry(f"{name} (hidden tests)", f"{number}.{j}.1", float(task["score"]) - pub_score,
                              float(task["max_score"]) - pub_max, _all_passed(hidden), gradescope_output(hidden),
                              "after_published", result["exercise"]))
    return entries


def _entry(name: str, number: str, score, max_score, passed: bool, output: str, visibility: str, tag: str) -> dict:
    return {"name": name, "number": number, "score": round(float(score), 6), "max_score": round(float(max_score), 6),
            "status": "passed" if passed else "failed", "output": output, "output_format": "text",
            "visibility": visibility, "tags": [tag]}


def _all_passed(tests: list) -> bool:
    return all(t["passed"] for t in tests)


def _sum(tests: list, key: str) -> float:
    return sum(float(t[key]) for t in tests)


def _nothing_found(course: Course, exercises: list, seen: list, started: float) -> dict:
    got = ", ".join(_shown(seen)) if seen else "no files"
    output = f"No submission found. Expected {expected_files(exercises)}; your upload has: {got}."
    tests = [_entry(f"{ex}: {t.name}" if len(exercises) > 1 else t.name, f"{i}.{j}", 0.0, t.points, False,
                    "not submitted", "visible", ex)
             for i, ex in enumerate(exercises, 1) for j, t in enumerate(course.exercise(ex).tasks.values(), 1)]
    return {"score": 0.0, "execution_time": _elapsed(started), "output": output, "output_format": "text",
            "test_output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def _shown(names: list, most: int = 20) -> list:
    from .intake import printable

    shown = [printable(n) for n in names[:most]]
    return shown + ([f"... {len(names) - most} more"] if len(names) > most else [])


def _elapsed(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.4f}".rstrip("0")


def main(argv: list | None = None) -> int:
    """``python -m graders.gradescope [ROOT]``: what run_autograder runs."""
    argv = sys.argv[1:] if argv is None else argv
    root = argv[0] if argv else os.environ.get(ROOT_ENV, "/autograder")
    results = run(os.path.abspath(root))
    print(f"nnlab gradescope: score {results['score']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
