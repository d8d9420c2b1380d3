"""``nnlab submit``: the student's package, and ``nnlab grade`` reading it as hostile input."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import time
import zipfile

import pytest

from graders import course as course_module
from graders import submit
from graders.course import CourseError
from tests.graders import classroom

EX = "exercise3"


@pytest.fixture
def course_dir(tmp_path):
    root = classroom.make_course(tmp_path / "course")
    classroom.add(root, "exercises", f"{EX}/{EX}.py", classroom.SOLUTION)
    return root


def package(members: dict, manifest: dict | None = None, links: tuple = ()) -> bytes:
    """A zip with these members (name -> bytes) and, unless manifest is None, a manifest."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
        if manifest is not None:
            zf.writestr(submit.MANIFEST, json.dumps(manifest))
    return buf.getvalue()


def good_manifest(data: bytes, name: str = f"{EX}.py") -> dict:
    return {"exercise": EX, "file": name, "sha256": hashlib.sha256(data).hexdigest()}


def test_submit_writes_the_module_last_check_and_hash(course_dir):
    last = os.path.join(course_dir, ".nnlab", "last")
    os.makedirs(last)
    with open(os.path.join(last, f"{EX}.json"), "w") as f:
        json.dump({"score": 14, "max_score": 14, "time": time.time() + 60}, f)
    done = subprocess.run([classroom.NNLAB, "submit", EX], cwd=course_dir, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    path = os.path.join(course_dir, submit.zip_name(EX))
    assert done.stdout.strip().endswith(path) and "last check 14/14" in done.stdout
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == sorted([f"{EX}.py", submit.CHECK_REPORT, submit.MANIFEST])
        manifest = json.loads(zf.read(submit.MANIFEST))
        assert manifest["sha256"] == hashlib.sha256(classroom.SOLUTION.encode()).hexdigest()
        assert json.loads(zf.read(submit.CHECK_REPORT))["score"] == 14
    with open(path, "rb") as f:
        assert submit.unpack_submission(f.read(), EX) == ("py", classroom.SOLUTION.encode())


def test_submit_without_a_check_says_so_and_a_notebook_newer_than_the_module_wins(course_dir):
    course = course_module.load(course_dir)
    nb = classroom.add(course_dir, "exercises", f"{EX}/{EX}.ipynb", classroom.notebook(classroom.SOLUTION))
    later = time.time() + 10
    os.utime(nb, (later, later))
    done = submit.build_submission(course, EX, out=str(course_dir))
    assert done["file"] == nb and "no check report" in done["report"]
    with open(done["zip"], "rb") as f:
        kind, _ = submit.unpack_submission(f.read(), EX)
    assert kind == "ipynb"


def test_submit_errors_are_one_line(course_dir):
    done = subprocess.run([classroom.NNLAB, "submit", "exercise99"], cwd=course_dir, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "unknown exercise" in done.stderr
    done = subprocess.run([classroom.NNLAB, "submit", EX, "--file", "nope.py"], cwd=course_dir, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "no such file" in done.stderr


CODE = b"def softmax(z):\n    return z\n"


@pytest.mark.parametrize("members, manifest, links, error", [
    ({"../exercise3.py": CODE}, good_manifest(CODE), (), "unexpected member"),
    ({"/etc/exercise3.py": CODE}, good_manifest(CODE), (), "unexpected member"),
    ({f"{EX}.py": CODE, "evil.so": b"x"}, good_manifest(CODE), (), "unexpected member"),
    ({f"{EX}.py": CODE}, good_manifest(CODE), (f"{EX}.py",), "symbolic link"),
    ({f"{EX}.py": CODE + b"# changed"}, good_manifest(CODE), (), "does not match the SHA-256"),
    ({f"{EX}.py": CODE}, {**good_manifest(CODE), "exercise": "exercise4"}, (), "another exercise"),
    ({f"{EX}.py": CODE}, None, (), "no nnlab-submission.json"),
    ({f"{EX}.py": CODE, f"{EX}.ipynb": b"{}"}, good_manifest(CODE), (), "exactly one"),
    ({f"{EX}.py": b"0" * (submit.MAX_FILE_BYTES + 1)}, good_manifest(CODE), (), "larger than"),
])
def test_hostile_zips_are_refused_with_a_reason(members, manifest, links, error):
    with pytest.raises(CourseError, match=error):
        submit.unpack_submission(package(members, manifest, links), EX)


def test_not_a_zip_and_duplicates_are_refused():
    with pytest.raises(CourseError, match="not a readable zip"):
        submit.unpack_submission(b"PK\x03\x04 garbage", EX)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{EX}.py", CODE)
        with pytest.warns(UserWarning):
            zf.writestr(f"{EX}.py", CODE)
        zf.writestr(submit.MANIFEST, json.dumps(good_manifest(CODE)))
    with pytest.raises(CourseError, match="appears twice"):
        submit.unpack_submission(buf.getvalue(), EX)


@pytest.mark.slow
def test_grade_accepts_submission_zips_and_zeroes_a_tampered_one(tmp_path, course_dir):
    subs, out = tmp_path / "subs", tmp_path / "out"
    course = course_module.load(course_dir)
    alice = submit.build_submission(course, EX, out=str(tmp_path))
    with open(alice["zip"], "rb") as f:
        good = f.read()
    classroom.add(subs, "alice", submit.zip_name(EX), good)
    classroom.add(subs, "mallory", submit.zip_name(EX),
                  package({f"{EX}.py": classroom.SOLUTION.encode()}, good_manifest(CODE)))
    done = classroom.grade(course_dir, subs, out, "--no-feedback", "--allow-insecure")
    assert done.returncode == 0, done.stderr
    rows = classroom.rows(out)
    assert rows[("alice", EX)] == (classroom.FULL, "graded")
    assert rows[("mallory", EX)] == (0, "graded")
    assert any("SHA-256" in m for _, _, m, _ in classroom.messages(out, "mallory", "softmax"))
