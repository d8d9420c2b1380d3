"""``nnlab submit EXERCISE``: package what a student hands in, and read such a package back.

``submission-<exercise>.zip`` holds exactly:

* ``<exercise>.py`` or ``<exercise>.ipynb``: the student's module or notebook;
* ``nnlab-check.json``: their last ``nnlab check`` of it (``.nnlab/last/<exercise>.json``), when
  there was one: a convenience for the instructor, never trusted for a grade;
* ``nnlab-submission.json``: the manifest (exercise, file name, its SHA-256, nnlab's version).

``nnlab grade`` (``SUBS/<student>/submission-<exercise>.zip``) and the Gradescope autograder read
it with ``unpack_submission``, which treats it as hostile input: it is read in memory and never
extracted; sizes are bounded (the archive, each member, and each member's bytes as actually
decompressed, whatever its header claims); only the member names above are accepted (so no
path traversal, no directories, no duplicates); symbolic links and encrypted members are
refused; and the file must match the manifest's exercise and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import time
import zipfile

from .course import Course, CourseError

MANIFEST = "nnlab-submission.json"
CHECK_REPORT = "nnlab-check.json"
MAX_ZIP_BYTES = 64 * 2**20
MAX_FILE_BYTES = 32 * 2**20  # a notebook with outputs can be large; a module never is
MAX_SMALL_BYTES = 64 * 2**10  # manifest and check report
MAX_MEMBERS = 3


def zip_name(exercise: str) -> str:
    return f"submission-{exercise}.zip"


def exercise_of_zip(name: str) -> str:
    """``submission-exercise3.zip`` -> ``exercise3``; "" for any other name."""
    if name.startswith("submission-") and name.endswith(".zip"):
        return name[len("submission-"):-len(".zip")]
    return ""


# --------------------------------------------------------------------------- writing (student side)


def student_file(course: Course, exercise: str, path: str | None = None) -> str:
    """The file to hand in: ``path``, else the exercise's module, or its notebook when that is newer."""
    if path:
        return os.path.abspath(path)
    module = course.student_path(exercise)
    notebook = os.path.splitext(module)[0] + ".ipynb"
    if os.path.isfile(notebook) and (not os.path.isfile(module) or os.path.getmtime(notebook) > os.path.getmtime(module)):
        return notebook
    return module


def build_submission(course: Course, exercise: str, path: str | None = None, out: str | None = None) -> dict:
    """Write ``submission-<exercise>.zip``; returns what was written (for the command's message)."""
    course.exercise(exercise)  # an unknown exercise is a usage error
    source = student_file(course, exercise, path)
    ext = os.path.splitext(source)[1].lower()
    if ext not in (".py", ".ipynb"):
        raise CourseError(f"{source}: expected a .py module or an .ipynb notebook")
    content = _read_regular(source, MAX_FILE_BYTES)
    report_path = os.path.join(course.root, ".nnlab", "last", f"{exercise}.json")
    report = _read_optional(report_path)
    digest = hashlib.sha256(content).hexdigest()
    name = f"{exercise}{ext}"
    manifest = {"format": 1, "exercise": exercise, "file": name, "sha256": digest, "bytes": len(content),
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "nnlab": _version(),
                "check_report": CHECK_REPORT if report is not None else None}
    dest = os.path.abspath(out or zip_name(exercise))
    if os.path.isdir(dest):
        dest = os.path.join(dest, zip_name(exercise))
    tmp = dest + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
        if report is not None:
            zf.writestr(CHECK_REPORT, report)
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    os.replace(tmp, dest)
    return {"zip": dest, "file": source, "sha256": digest, "report": _report_summary(report),
            "stale_report": report is not None and _report_time(report) < os.path.getmtime(source)}


def cli_submit(exercise: str, path: str | None, out: str | None) -> int:
    from . import course as course_module

    course = course_module.load()
    done = build_submission(course, exercise, path, out)
    print(f"nnlab submit: {os.path.basename(done['file'])} (sha256 {done['sha256'][:12]}...), {done['report']}")
    if done["stale_report"]:
        print(f"nnlab submit: note: {os.path.basename(done['file'])} changed after your last check: "
              f"run `nnlab check {exercise}` to see where it stands")
    print(done["zip"])
    return 0


def _read_regular(path: str, limit: int) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise CourseError(f"no such file: {path}") from None
    except OSError as exc:
        raise CourseError(f"{path}: cannot read ({exc.strerror}; symbolic links are not followed)") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CourseError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise CourseError(f"{path}: larger than {limit >> 20} MB")
    return data


def _read_optional(path: str) -> bytes | None:
    try:
        data = _read_regular(path, MAX_SMALL_BYTES)
        json.loads(data)
        return data
    except (CourseError, ValueError):
        return None


def _report_time(report: bytes) -> float:
    try:
        return float(json.loads(report)["time"])
    except (ValueError, KeyError, TypeError):
        return 0.0


def _report_summary(report: bytes | None) -> str:
    if report is None:
        return "no check report (run `nnlab check` first to include one)"
    try:
        data = json.loads(report)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(data["time"])))
        return f"last check {float(data['score']):g}/{float(data['max_score']):g} at {when}"
    except (ValueError, KeyError, TypeError, OverflowError):
        return "check report included"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("nnlab")
    except Exception:  # not installed (a course folder on sys.path)
        return ""


# --------------------------------------------------------------------------- reading (grader side)


def unpack_submission(data: bytes, exercise: str) -> tuple[str, bytes]:
    """(kind, content) of a ``submission-<exercise>.zip``: kind "py" or "ipynb". Any problem is
    a CourseError whose message can be shown to the student (it quotes no member content)."""
    if len(data) > MAX_ZIP_BYTES:
        raise CourseError(f"{zip_name(exercise)} is larger than {MAX_ZIP_BYTES >> 20} MB")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise CourseError(f"{zip_name(exercise)} is not a readable zip file ({type(exc).__name__})") from None
    allowed = {f"{exercise}.py", f"{exercise}.ipynb", CHECK_REPORT, MANIFEST}
    _check_members(infos, allowed, exercise)
    members = {info.filename: _read_member(zf, info) for info in infos}
    if MANIFEST not in members:
        raise CourseError(f"{zip_name(exercise)} has no {MANIFEST}: make it with `nnlab submit {exercise}`")
    files = [n for n in members if n in (f"{exercise}.py", f"{exercise}.ipynb")]
    if len(files) != 1:
        raise CourseError(f"{zip_name(exercise)} must hold exactly one of {exercise}.py and {exercise}.ipynb")
    manifest = _manifest(members[MANIFEST], exercise)
    name = files[0]
    if manifest.get("file") != name:
        raise CourseError(f"{zip_name(exercise)}: the manifest names another file than {name}")
    digest = hashlib.sha256(members[name]).hexdigest()
    if manifest.get("sha256") != digest:
        raise CourseError(f"{zip_name(exercise)}: {name} does not match the SHA-256 in its manifest "
                          "(changed after `nnlab submit`?): run `nnlab submit` again")
    return os.path.splitext(name)[1][1:], members[name]


def _check_members(infos: list, allowed: set, exercise: str) -> None:
    where = zip_name(exercise)
    if len(infos) > MAX_MEMBERS:
        raise CourseError(f"{where} holds {len(infos)} files; expected at most {MAX_MEMBERS} "
                          f"({', '.join(sorted(allowed))})")
    seen = set()
    for info in infos:
        shown = repr(info.filename)[:80]
        if info.filename not in allowed:
            raise CourseError(f"{where}: unexpected member {shown} (expected only {', '.join(sorted(allowed))})")
        if info.filename in seen:
            raise CourseError(f"{where}: {shown} appears twice")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise CourseError(f"{where}: {shown} is a symbolic link or a folder, not a file")
        if info.flag_bits & 0x1:
            raise CourseError(f"{where}: {shown} is encrypted")
        if info.file_size > _limit(info.filename):
            raise CourseError(f"{where}: {shown} is larger than {_limit(info.filename)} bytes")


def _limit(name: str) -> int:
    return MAX_SMALL_BYTES if name in (MANIFEST, CHECK_REPORT) else MAX_FILE_BYTES


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its limit however it decompresses (a zip bomb stops here)."""
    limit = _limit(info.filename)
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise CourseError(f"the zip's member {info.filename!r} cannot be read ({type(exc).__name__})") from None
    if len(data) > limit:
        raise CourseError(f"{info.filename!r} decompresses to more than {limit} bytes")
    return data


def _manifest(raw: bytes, exercise: str) -> dict:
    try:
        data = json.loads(raw)
    except ValueError:
        raise CourseError(f"{zip_name(exercise)}: {MANIFEST} is not JSON") from None
    if not isinstance(data, dict):
        raise CourseError(f"{zip_name(exercise)}: {MANIFEST} is not a JSON object")
    if data.get("exercise") != exercise:
        raise CourseError(f"{zip_name(exercise)}: its manifest is for another exercise")
    return data
