"""The nnlab command line, as a student and an instructor meet it (real subprocesses)."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from graders.cli import main
from tests.conftest import NNLAB, ROOT, run_nnlab


def test_solution_gets_full_marks():
    result = run_nnlab("check", "exercise3", "--solution")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "14/14 points" in result.stdout


def test_stub_scores_zero_with_not_implemented_per_task():
    result = run_nnlab("check", "exercise3", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["score"] == 0 and data["max_score"] == 14
    assert len(data["tasks"]) == 8
    for task in data["tasks"]:
        assert task["score"] == 0
        assert all(t["message"] == "not implemented yet" and not t["passed"] for t in task["tests"])


def test_json_schema_and_nothing_else_on_stdout():
    result = run_nnlab("check", "exercise3", "--solution", "--json")
    data = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert set(data) == {"exercise", "score", "max_score", "tasks"}
    assert set(data["tasks"][0]) == {"name", "score", "max_score", "tests"}
    # DESIGN.md's schema, kept, plus the typed fields of the one result model
    assert set(data["tasks"][0]["tests"][0]) == {"name", "passed", "score", "max_score", "message", "hint",
                                                 "kind", "diagnosis", "hidden"}


def test_no_colour_when_not_a_tty():
    result = run_nnlab("check", "exercise3", "--solution")
    assert "\x1b[" not in result.stdout


def test_check_of_a_numpy_exercise_never_imports_tensorflow():
    # -X importtime lists every module the command imports, on stderr
    result = subprocess.run([sys.executable, "-X", "importtime", NNLAB, "check", "exercise3", "--solution"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert result.returncode == 0 and "numpy" in imported and "rich.table" in imported
    assert not [m for m in imported if m.split(".")[0] in ("tensorflow", "keras")]


def test_unknown_exercise_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "exercize3"])
    assert result.exit_code == 2 and "did you mean exercise3" in result.output


def test_missing_file_is_a_usage_error(tmp_path):
    result = run_nnlab("check", "exercise3", "--file", str(tmp_path / "nope.py"))
    assert result.returncode == 2 and "no such file" in result.stderr and "Traceback" not in result.stderr


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for args in (["release", "--out", str(blocker / "handout")], ["assign", "exercise1", "--course-dir", str(blocker / "c")]):
        result = run_nnlab(*args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().startswith("nnlab: error: cannot use " + str(blocker)), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_list_shows_tasks_and_last_check(tmp_path):
    result = run_nnlab("list", "--json")
    assert result.returncode == 0
    data = {row["exercise"]: row for row in json.loads(result.stdout)}
    assert data["exercise3"]["tasks"]["softmax"] == 2 and data["exercise3"]["max_score"] == 14


def test_verbose_shows_every_failure(write):
    path = write("wrong.py", "import numpy as np\nfrom reference.numpy.losses import *\n"
                             "def mse(y, y_hat):\n    return float(np.sum((np.asarray(y) - y_hat) ** 2))\n")
    quiet = run_nnlab("check", "exercise3", "--file", path)
    loud = run_nnlab("check", "exercise3", "--file", path, "-v", env={"COLUMNS": "200"})
    assert quiet.returncode == 1 and "13/14 points" in quiet.stdout
    assert "more failing" in quiet.stdout
    assert loud.stdout.count("factor of") >= 2


def test_ctrl_c_prints_the_partial_report_and_leaves_nothing_running(tmp_path):
    pidfile = tmp_path / "pid"
    student = tmp_path / "slow.py"
    student.write_text(f"import os, time\ndef softmax(z):\n    open({str(pidfile)!r}, 'w').write(str(os.getpid()))\n"
                       "    time.sleep(60)\n")
    proc = subprocess.Popen([NNLAB, "check", "exercise3", "--file", str(student)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in out and "Traceback" not in err
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 10  # under load the killed child may take a moment to be reaped
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_doctor_reports_python_numpy_course_and_sandbox():
    result = run_nnlab("doctor", "--json", timeout=300)
    data = json.loads(result.stdout)
    assert data["python"]["ok"] and data["numpy"]["ok"] and data["course.yml"]["ok"]
    assert "rlimits" in data["sandbox"]["detail"]
    assert "tensorflow" in data and "nbgrader" in data


@pytest.mark.parametrize("name", ["3", "ex3", "Exercise_3", "exercise3.py"])
def test_check_understands_the_ways_students_name_an_exercise(name):
    result = run_nnlab("check", name, "--solution", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["exercise"] == "exercise3"


def test_check_inside_an_exercise_folder_grades_that_exercise_and_a_named_notebook_is_the_file():
    folder = os.path.join(ROOT, "exercises", "exercise3")
    inferred = run_nnlab("check", "--solution", "--json", cwd=folder)
    assert inferred.returncode == 0 and json.loads(inferred.stdout)["exercise"] == "exercise3"
    notebook = run_nnlab("check", "exercise3.ipynb", "--json", cwd=folder)  # the untouched notebook: 0 points
    data = json.loads(notebook.stdout)
    assert notebook.returncode == 1 and data["exercise"] == "exercise3" and data["score"] == 0
    lost = run_nnlab("check", "--solution", cwd=ROOT)
    assert lost.returncode == 2 and "which exercise?" in lost.stderr


@pytest.mark.parametrize("width", [60, 80, 120])
def test_list_fits_the_terminal_and_never_splits_a_name(course, width):
    overview = run_nnlab("list", env={"COLUMNS": str(width)})
    one = run_nnlab("list", "exercise2", env={"COLUMNS": str(width)})
    assert overview.returncode == 0 and one.returncode == 0
    for out in (overview.stdout, one.stdout):
        assert max(len(line) for line in out.splitlines()) <= width
    for ex_id in course.exercises:
        assert ex_id in overview.stdout
    for task in course.exercise("exercise2").tasks:
        assert re.search(rf"│ {task} +│", one.stdout), task
    assert len(one.stdout.splitlines()) <= 24  # one screen
