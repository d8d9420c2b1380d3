"""``nnlab gradescope``: the autograder zip, set up and run as Gradescope would, against a temp root.

The zip is built from this course (exercise3), unpacked into ``<root>/source``, ``setup.sh`` runs
with the installs already satisfied, and ``run_autograder`` grades ``<root>/submission`` under
``NNLAB_AUTOGRADER_ROOT=<root>``. Every results.json is validated against a JSON Schema written
from Gradescope's autograder specification (gradescope-autograders.readthedocs.io, specs).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest

from graders import course as course_module
from graders import gradescope
from tests.graders import classroom

jsonschema = pytest.importorskip("jsonschema")

pytestmark = pytest.mark.slow
EXERCISE = "exercise3"
MUTANTS = os.path.join(classroom.ROOT, "graders", "mutants", EXERCISE)
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
# Gradescope's results.json (spec: "Output format"), strict: an unknown key is an error here.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["score", "tests"],
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "leaderboard": {"type": "array", "items": {"type": "object", "required": ["name", "value"]}},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "score", "max_score"],
                "properties": {
                    "score": {"type": "number", "minimum": 0},
                    "max_score": {"type": "number", "minimum": 0},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string", "minLength": 1},
                    "name_format": FORMAT,
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "output_format": FORMAT,
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    os.environ["NNLAB_SECRET"] = "gradescope-test-secret"
    try:
        course = course_module.load(classroom.ROOT)
        out = tmp_path_factory.mktemp("zip") / "autograder.zip"
        gradescope.build(course, [EXERCISE], str(out))
    finally:
        del os.environ["NNLAB_SECRET"]
    return str(out)


def env(root) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "NNLAB_SECRET"}
    return {**environment, "NNLAB_AUTOGRADER_ROOT": str(root), "NNLAB_AUTOGRADER_PYTHON": sys.executable}


@pytest.fixture
def root(tmp_path, autograder_zip):
    """An /autograder stand-in: the zip unpacked in source/ and set up, an empty submission/."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")  # our own zip: trusted
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env(root), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "already installed" in done.stdout  # idempotent: satisfied installs are skipped, nothing fetched
    return root


def run_autograder(root) -> dict:
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env(root), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    with open(root / "results" / "results.json", encoding="utf-8") as f:
        results = json.load(f)
    jsonschema.validate(results, SCHEMA)
    return results


def points(task: str) -> float:
    return course_module.load(classroom.ROOT).exercise(EXERCISE).tasks[task].points


def by_task(results: dict) -> dict:
    """{task: (score, max_score, all entries passed)} summed over the task's visible and hidden entries."""
    out: dict = {}
    for t in results["tests"]:
        task = t["name"].removesuffix(" (hidden tests)")
        score, top, passed = out.get(task, (0.0, 0.0, True))
        out[task] = (score + t["score"], top + t["max_score"], passed and t["status"] == "passed")
    return out


def test_zip_holds_the_course_setup_and_run_scripts(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        assert zf.read(gradescope.SECRET_FILE).decode() == "gradescope-test-secret"
    assert {"setup.sh", "run_autograder", "course.yml", "graders/exercises/exercise3_hidden.py",
            "graders/fixtures/exercise3.npz", "exercises/exercise3/exercise3.py"} <= names
    assert any(n.startswith("reference/numpy/") for n in names)
    assert not any("__pycache__" in n or "/mutants/" in n or n.startswith("exercises/exercise4") for n in names)
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR


def test_build_needs_the_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("NNLAB_SECRET", raising=False)
    with pytest.raises(course_module.CourseError, match="NNLAB_SECRET"):
        gradescope.build(course_module.load(classroom.ROOT), [EXERCISE], str(tmp_path / "a.zip"))
    assert not (tmp_path / "a.zip").exists()


def test_correct_submission_gets_full_marks_hidden_tests_after_published(root):
    (root / "submission" / "exercise3.py").write_text(classroom.SOLUTION)
    results = run_autograder(root)
    assert results["score"] == classroom.FULL
    tasks = by_task(results)
    assert set(tasks) == set(course_module.load(classroom.ROOT).exercise(EXERCISE).tasks)
    assert all(passed and score == top == points(task) for task, (score, top, passed) in tasks.items())
    hidden = [t for t in results["tests"] if t["name"].endswith("(hidden tests)")]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert all(t["visibility"] == "visible" for t in results["tests"] if t not in hidden)
    assert sum(t["score"] for t in results["tests"]) == classroom.FULL
    assert results["execution_time"] > 0


def test_buggy_submission_loses_exactly_the_broken_task(root):
    broken = "mse"
    mutant = sorted(n for n in os.listdir(MUTANTS) if n.startswith(broken + "_"))[0]
    with open(os.path.join(MUTANTS, mutant), encoding="utf-8") as f:
        (root / "submission" / "exercise3.py").write_text(classroom.SOLUTION + "\n\n" + f.read())
    results = run_autograder(root)
    assert results["score"] == classroom.FULL - points(broken)
    tasks = by_task(results)
    assert tasks[broken][0] == 0 and not tasks[broken][2]
    assert all(passed and score == points(t) for t, (score, _, passed) in tasks.items() if t != broken)
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert failed and all("FAIL" in t["output"] for t in failed)


HOSTILE = '''
import json as _json
_ROOT = {root!r}
for _path in (_ROOT + "/results/results.json", _ROOT + "/results.json"):
    try:
        with open(_path, "w") as _f:
            _json.dump({{"score": 1000, "tests": []}}, _f)
    except OSError:
        pass
try:
    with open(_ROOT + "/source/graders/exercises/exercise3_hidden.py") as _f:
        _STOLEN = _f.read()
except OSError:
    _STOLEN = None
_real_softmax = softmax


def softmax(z):  # right only if it could read the hidden tests
    return _real_softmax(z) if _STOLEN else np.zeros_like(np.asarray(z, dtype=float))
'''


def test_hostile_submission_cannot_read_hidden_tests_or_forge_results(root):
    (root / "results").mkdir()
    (root / "results" / "results.json").write_text('{"score": 999, "tests": []}')  # left by anyone: replaced
    assert (root / "source" / "graders" / "exercises" / "exercise3_hidden.py").is_file()  # what it goes for
    (root / "submission" / "exercise3.py").write_text(classroom.SOLUTION + HOSTILE.format(root=str(root)))
    results = run_autograder(root)
    assert results["score"] == classroom.FULL - points("softmax")
    assert by_task(results)["softmax"][0] == 0
    assert not (root / "results.json").exists()


def test_unrecognised_upload_scores_zero_and_says_what_was_expected(root):
    (root / "submission" / "ex3.py").write_text(classroom.SOLUTION)
    (root / "submission" / "notes.txt").write_text("hi")
    os.symlink(root / "source" / "graders" / "exercises" / "exercise3_hidden.py", root / "submission" / "exercise3.py")
    results = run_autograder(root)
    assert results["score"] == 0
    assert "exercise3.py, exercise3.ipynb or submission-exercise3.zip" in results["output"]
    assert "ex3.py" in results["output"] and "notes.txt" in results["output"]
    assert sum(t["max_score"] for t in results["tests"]) == classroom.FULL


def test_a_notebook_in_a_folder_is_found(root):
    folder = root / "submission" / "my work"
    folder.mkdir()
    (folder / "exercise3.ipynb").write_text(classroom.notebook(classroom.SOLUTION))
    assert run_autograder(root)["score"] == classroom.FULL


def test_broken_autograder_still_writes_results(root):
    (root / "source" / "graders" / "gradescope.py").write_text("raise ImportError('broken install')\n")
    (root / "submission" / "exercise3.py").write_text(classroom.SOLUTION)
    results = run_autograder(root)
    assert results["score"] == 0 and "Not graded" in results["output"]


def test_task_entries_split_public_and_hidden_points():
    result = {"exercise": "ex", "tasks": [
        {"name": "a", "score": 0.0, "max_score": 2.0, "tests": [
            {"name": "p", "passed": True, "score": 0.0, "max_score": 1.0, "message": "", "hint": "", "hidden": False},
            {"name": "h", "passed": False, "score": 0.0, "max_score": 1.0, "message": "wrong values [hidden test]",
             "hint": "look again", "hidden": True}]},
        {"name": "b", "score": 1.0, "max_score": 1.0, "tests": [
            {"name": "p", "passed": True, "score": 1.0, "max_score": 1.0, "message": "", "hint": "", "hidden": False}]}]}
    whole = gradescope.task_entries(result, 1, partial_credit=False)
    assert [(e["name"], e["score"], e["max_score"], e["status"], e["visibility"]) for e in whole] == [
        ("a", 0.0, 0.0, "passed", "visible"), ("a (hidden tests)", 0.0, 2.0, "failed", "after_published"),
        ("b", 1.0, 1.0, "passed", "visible")]
    assert "hint: look again" in whole[1]["output"] and "FAIL h" in whole[1]["output"]
    result["tasks"][0]["score"] = 1.0
    result["tasks"][0]["tests"][0]["score"] = 1.0
    split = gradescope.task_entries(result, 1, partial_credit=True)
    assert [(e["score"], e["max_score"]) for e in split[:2]] == [(1.0, 1.0), (0.0, 1.0)]


def test_a_submit_zip_is_graded(root, tmp_path):
    from graders import submit

    course_dir = classroom.make_course(tmp_path / "course")
    classroom.add(course_dir, "exercises", "exercise3/exercise3.py", classroom.SOLUTION)
    submit.build_submission(course_module.load(course_dir), EXERCISE, out=str(root / "submission"))
    assert os.listdir(root / "submission") == ["submission-exercise3.zip"]
    assert run_autograder(root)["score"] == classroom.FULL
