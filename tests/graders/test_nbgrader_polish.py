"""nbgrader course polish: the exchange inside the course, the README, tracebacks without install
paths, and `nnlab --course PATH` so nobody has to cd into the course repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import traceback

import pytest

import graders
from graders import course as course_module
from graders.assign import write_config, write_readme
from graders.notebook import grade_task, without_paths

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")
INSTALL = os.path.dirname(os.path.abspath(graders.__file__))
STUB = os.path.join(ROOT, "exercises", "exercise3", "exercise3.py")


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


def _config(path):
    from traitlets.config import Config

    cfg = Config()
    exec(open(path).read(), {"get_config": lambda: cfg})
    return cfg


def test_the_exchange_is_inside_the_course_dir_unless_given(course, tmp_path):
    assert _config(write_config(course, ["exercise3"], str(tmp_path))).Exchange.root == str(tmp_path / "exchange")
    shared = tmp_path / "shared"
    (tmp_path / "c").mkdir()
    cfg = _config(write_config(course, ["exercise3"], str(tmp_path / "c"), exchange=str(shared)))
    assert cfg.Exchange.root == str(shared)


def test_the_readme_says_what_to_install_which_grade_to_trust_and_why_checksums_change(course, tmp_path):
    text = open(write_readme(course, str(tmp_path), ["exercise3"])).read()
    assert "pip install -e handout/" in text and "No module named 'graders'" in text
    assert f"nnlab grade {tmp_path}/submitted --out" in text and f"nnlab --course {course.root} grade" in text
    assert text.count("## Which grade to trust") == 1 and text.count("nbgrader_config.py") == 1
    assert "Attribute 'checksum' for cell test_... has changed!" in text
    assert "(8 per submission here)" in text  # exercise3's eight tasks all have hidden tests
    assert "BEGIN HIDDEN TESTS" in text


def test_a_failed_test_cell_names_no_install_path(tmp_path):
    for task, expected in (("softmax", "not implemented yet"), ("no_such_task", "has no task")):
        with pytest.raises(AssertionError) as info:
            grade_task("exercise3", task, file=STUB)
        shown = "".join(traceback.format_exception(info.value))
        assert expected in shown and INSTALL not in shown and sys.prefix not in shown
        assert 'File "graders/notebook.py"' in shown  # the one frame of nnlab's, named package-relative


def test_paths_in_messages_are_cut_to_file_names():
    text = 'File "/tmp/nnlab-12-sub-x/exercise3_ipynb.py", line 3; /opt/venv/lib/graders/judge.py:12; keep a/b.py'
    assert without_paths(text) == 'File "exercise3_ipynb.py", line 3; judge.py:12; keep a/b.py'


def _nnlab(*args, cwd, timeout=300):
    return subprocess.run([NNLAB, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={k: v for k, v in os.environ.items() if k != course_module.COURSE_ENV})


def test_instructor_commands_take_the_course_from_another_directory(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _nnlab("assign", "exercise3", "--course-dir", "nb", "--no-generate", cwd=elsewhere).returncode == 2
    proc = _nnlab("--course", ROOT, "assign", "exercise3", "--course-dir", "nb", "--no-generate", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert (elsewhere / "nb" / "source" / "exercise3" / "exercise3.ipynb").exists()  # relative paths: from cwd
    assert _config(elsewhere / "nb" / "nbgrader_config.py").Exchange.root == str(elsewhere / "nb" / "exchange")
    proc = _nnlab("--course", ROOT, "stubs", "--check", "exercise3", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    proc = _nnlab("--course", str(tmp_path / "nowhere"), "list", cwd=elsewhere)
    assert proc.returncode == 2 and "nowhere" in proc.stderr


@pytest.mark.slow
def test_nnlab_grade_from_another_directory(tmp_path):
    from tests.graders.classroom import SECRET, SECRET_ENV, SOLUTION, add, make_course

    course_dir = make_course(tmp_path / "course")
    add(tmp_path / "work" / "subs", "ann", "exercise3.py", SOLUTION)
    proc = subprocess.run([NNLAB, "--course", course_dir, "grade", "subs", "--out", "out", "--workers", "1"],
                          cwd=tmp_path / "work", capture_output=True, text=True, timeout=300,
                          env={**os.environ, SECRET_ENV: SECRET})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "work" / "out" / "feedback" / "index.html").exists()
    assert "Class overview: Test class" in (tmp_path / "work" / "out" / "feedback" / "index.html").read_text()


@pytest.mark.slow
def test_a_real_autograde_warns_once_per_hidden_test_cell_and_shows_no_install_path(tmp_path):
    """assign from outside the course, release to the course's exchange, autograde one untouched
    student notebook: the warnings are the README's, the feedback tracebacks name no install dir."""
    from graders.assign import nbgrader

    proc = _nnlab("--course", ROOT, "assign", "exercise3", "--course-dir", "nb", cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = tmp_path / "nb"
    released = nb / "release" / "exercise3" / "exercise3.ipynb"
    proc = nbgrader(["release_assignment", "exercise3", "--force"], str(nb))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert any("exercise3" in dirs for _, dirs, _ in os.walk(nb / "exchange"))
    (nb / "submitted" / "ann" / "exercise3").mkdir(parents=True)
    (nb / "submitted" / "ann" / "exercise3" / "exercise3.ipynb").write_text(released.read_text())
    proc = nbgrader(["autograde", "exercise3", "--force"], str(nb))
    assert proc.returncode == 0, proc.stderr[-2000:]
    warnings = re.findall(r"Attribute 'checksum' for cell (\w+) has changed", proc.stdout + proc.stderr)
    assert len(warnings) == 8 and "(8 per submission here)" in (nb / "README.md").read_text()
    graded = json.loads((nb / "autograded" / "ann" / "exercise3" / "exercise3.ipynb").read_text())
    tracebacks = ["\n".join(o["traceback"]) for c in graded["cells"] for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
    assert len(tracebacks) >= 8 and not any(INSTALL in t or sys.prefix in t for t in tracebacks)
