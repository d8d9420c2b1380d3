"""A student's last check per exercise: saved by `nnlab check`, read back by `nnlab list`, never a crash."""

import json
import os
import time

import pytest

from graders import course as course_module
from graders.results import ExerciseResult, TaskResult
from graders.status import last_result, save_result
from tests.conftest import run_nnlab
from tests.graders import classroom


@pytest.fixture
def course(tmp_path):
    """A course folder of its own (exercise3 only): the repository's .nnlab/ is never touched."""
    return course_module.load(classroom.make_course(tmp_path / "course"))


def result(score):
    return ExerciseResult("exercise3", "Softmax and losses", [TaskResult("softmax", score, 2.0), TaskResult("mse", 0.0, 1.0)],
                          stdout="printed by the student")


def status_file(course, exercise="exercise3"):
    return os.path.join(course.root, ".nnlab", "last", f"{exercise}.json")


def plant(course, content):
    os.makedirs(os.path.dirname(status_file(course)), exist_ok=True)
    with open(status_file(course), "wb") as f:
        f.write(content)


def test_save_then_last_result_round_trip(course):
    before = time.time()
    save_result(course, result(2.0))
    last = last_result(course, "exercise3")
    assert last["score"] == 2.0 and last["max_score"] == 3.0
    assert before - 1 <= last["time"] <= time.time() + 1
    assert last["when"] == time.strftime("%Y-%m-%d %H:%M", time.localtime(last["time"]))


def test_only_score_max_score_and_time_are_stored_in_the_course_folder(course):
    save_result(course, result(2.0))
    with open(status_file(course)) as f:
        assert set(json.load(f)) == {"score", "max_score", "time"}  # no messages, no student output
    assert os.listdir(os.path.dirname(status_file(course))) == ["exercise3.json"]  # no .tmp left behind


def test_a_new_check_replaces_the_last_one(course):
    save_result(course, result(2.0))
    save_result(course, result(0.0))
    assert last_result(course, "exercise3")["score"] == 0.0


def test_never_checked_is_none_and_exercises_are_kept_apart(course):
    assert last_result(course, "exercise3") is None
    save_result(course, result(2.0))
    assert last_result(course, "exercise1") is None


def test_a_folder_where_status_cannot_be_written_does_not_break_grading(course):
    with open(os.path.join(course.root, ".nnlab"), "w") as f:
        f.write("a file where the status folder should be")
    save_result(course, result(2.0))  # must not raise
    assert last_result(course, "exercise3") is None


CORRUPT = {
    "not JSON": b"{not json",
    "truncated": b'{"score": 2.0, "max_sc',
    "empty": b"",
    "binary": b"\xff\xfe\x00garbage",
    "a list": b"[2, 3]",
    "a number": b"7",
    "no time": b'{"score": 2.0, "max_score": 3.0}',
    "time not a number": b'{"score": 2.0, "max_score": 3.0, "time": "yesterday"}',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=list(CORRUPT))
def test_corrupted_status_reads_as_never_checked(course, content):
    plant(course, content)
    assert last_result(course, "exercise3") is None


def test_a_folder_in_place_of_the_status_file_reads_as_never_checked(course):
    os.makedirs(status_file(course))
    assert last_result(course, "exercise3") is None


def test_nnlab_list_survives_a_corrupted_status_file(course):
    plant(course, CORRUPT["truncated"])
    table = run_nnlab("list", cwd=course.root, env={"COLUMNS": "200"})
    assert table.returncode == 0, table.stderr
    assert "not checked yet" in table.stdout and "Traceback" not in table.stderr
    as_json = run_nnlab("list", "--json", cwd=course.root)
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["last"] is None


BAD_VALUES = {
    "no score": b'{"max_score": 3.0, "time": 0}',
    "score not a number": b'{"score": "two", "max_score": 3.0, "time": 0}',
    "time out of range": b'{"score": 2.0, "max_score": 3.0, "time": 1e300}',
}


@pytest.mark.parametrize("content", BAD_VALUES.values(), ids=list(BAD_VALUES))
def test_nnlab_list_survives_a_status_file_with_bad_values(course, content):
    plant(course, content)
    table = run_nnlab("list", cwd=course.root)
    assert table.returncode == 0, table.stderr


def test_check_from_a_subfolder_saves_in_the_course_root_and_list_shows_it(course):
    classroom.add(os.path.join(course.root, "exercises"), "exercise3", "exercise3.py", classroom.SOLUTION)
    sub = os.path.join(course.root, "exercises", "exercise3")
    assert run_nnlab("check", "exercise3", cwd=sub).returncode == 0
    assert not os.path.exists(os.path.join(sub, ".nnlab"))
    [row] = json.loads(run_nnlab("list", "--json", cwd=sub).stdout)
    assert row["last"]["score"] == row["last"]["max_score"] == classroom.FULL


def test_checking_another_file_does_not_replace_the_last_check(course, write):
    save_result(course, result(2.0))
    path = write("other.py", classroom.SOLUTION)
    assert run_nnlab("check", "exercise3", "--file", path, cwd=course.root).returncode == 0
    assert last_result(course, "exercise3")["score"] == 2.0
