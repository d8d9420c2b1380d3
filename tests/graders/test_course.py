"""course.yml: loaded, validated, and every mistake reported as one line naming file and key."""

import os
import shutil

import pytest
import yaml

from graders.course import CourseError, load
from tests.conftest import ROOT, run_nnlab


def test_the_course_loads(course):
    assert list(course.exercises) == [f"exercise{i}" for i in range(1, 9)]
    ex3 = course.exercise("exercise3")
    assert ex3.tasks["softmax"].points == 2 and ex3.max_score == 14
    assert ex3.limits.test_seconds == 10


def write_course(tmp_path, mutate):
    data = yaml.safe_load(open(os.path.join(ROOT, "course.yml")))
    mutate(data)
    (tmp_path / "course.yml").write_text(yaml.safe_dump(data))
    return str(tmp_path)


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["exercises"]["exercise3"]["tasks"]["softmax"].update(points=-1), "tasks.softmax.points: expected a number >= 0"),
    (lambda d: d["exercises"]["exercise3"].update(tasks_x=1), "exercises.exercise3.tasks_x: expected one of"),
    (lambda d: d["defaults"].update(test_secs=3), "defaults.test_secs: expected one of"),
    (lambda d: d["exercises"]["exercise3"].update(test_seconds="fast"), "test_seconds: expected a positive number"),
    (lambda d: d.pop("exercises"), "exercises: expected a mapping"),
])
def test_bad_course_is_one_clear_error(tmp_path, mutate, words):
    root = write_course(tmp_path, mutate)
    with pytest.raises(CourseError) as info:
        load(root)
    assert words in str(info.value) and "course.yml" in str(info.value)


@pytest.mark.parametrize("where, key", [("defaults", "defaults"), ("exercise", "exercises.exercise3")])
@pytest.mark.parametrize("name, value, words", [
    ("memory_mb", 10, "memory_mb: expected at least 256 (Python and NumPy need about 128 MB"),
    ("rtol", "tight", "rtol: expected a number >= 0"),
    ("partial_credit", "yes please", "partial_credit: expected true or false"),
])
def test_a_bad_setting_names_the_key_where_it_is_written(tmp_path, where, key, name, value, words):
    def mutate(d):
        (d["defaults"] if where == "defaults" else d["exercises"]["exercise3"])[name] = value

    with pytest.raises(CourseError) as info:
        load(write_course(tmp_path, mutate))
    assert f"{key}.{words}" in str(info.value)


def test_yaml_numbers_without_a_dot_are_numbers(tmp_path):
    text = open(os.path.join(ROOT, "course.yml")).read()
    assert "  rtol: 1.0e-6" in text
    (tmp_path / "course.yml").write_text(text.replace("  rtol: 1.0e-6", "  rtol: 1e-6").replace("  atol: 1.0e-9", "  atol: 5E-10"))
    assert yaml.safe_load((tmp_path / "course.yml").read_text())["defaults"]["rtol"] == "1e-6"  # PyYAML: a string
    course = load(str(tmp_path))
    assert course.exercise("exercise3").rtol == 1e-6 and course.exercise("exercise3").atol == 5e-10


def test_an_exercise_setting_overrides_the_default_and_others_inherit(tmp_path):
    def mutate(d):
        d["defaults"]["test_seconds"] = 7
        d["exercises"]["exercise3"]["test_seconds"] = 3

    course = load(write_course(tmp_path, mutate))
    assert course.exercise("exercise3").limits.test_seconds == 3
    assert course.exercise("exercise2").limits.test_seconds == 7


def test_invalid_yaml_names_the_line(tmp_path):
    (tmp_path / "course.yml").write_text("exercises:\n  exercise3: [unclosed\n")
    with pytest.raises(CourseError, match="not valid YAML"):
        load(str(tmp_path))


def test_unknown_exercise_suggests_the_right_one(course):
    with pytest.raises(CourseError, match="did you mean exercise3"):
        course.exercise("exercize3")


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path):
    root = write_course(tmp_path, lambda d: d["exercises"]["exercise3"]["tasks"]["softmax"].update(points=-1))
    shutil.copytree(os.path.join(ROOT, "exercises", "exercise3"), os.path.join(root, "exercises", "exercise3"))
    result = run_nnlab("check", "exercise3", cwd=root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "points" in result.stderr
    assert result.stdout == ""


def test_task_missing_from_the_spec_is_a_course_error(tmp_path):
    root = write_course(tmp_path, lambda d: d["exercises"]["exercise3"]["tasks"].update(softmx={"points": 1}))
    result = run_nnlab("check", "exercise3", "--solution", cwd=root)
    assert result.returncode == 2 and "did you mean softmax" in result.stderr


def test_no_course_found(tmp_path):
    result = run_nnlab("list", cwd=str(tmp_path))
    assert result.returncode == 2 and "no course.yml found" in result.stderr
