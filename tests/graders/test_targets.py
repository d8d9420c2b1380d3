"""What a grading run loads: the student's module (found from any folder of the course, or --file) or the reference."""

import json
import os
import re

import numpy as np
import pytest

from graders import course as course_module
from graders import runner
from graders.course import CourseError
from graders.limits import Limits
from graders.spec import call, encode
from graders.targets import reference_target, student_target
from tests.conftest import run_nnlab
from tests.graders import classroom


@pytest.fixture
def course_dir(tmp_path):
    """A course folder (exercise3 only) whose student module is a full solution, unlike the repository's stub."""
    root = classroom.make_course(tmp_path / "course")
    classroom.add(os.path.join(root, "exercises"), "exercise3", "exercise3.py", classroom.SOLUTION)
    os.makedirs(os.path.join(root, "exercises", "exercise3", "scratch", "deeper"))
    return root


def stub_of(root):
    return os.path.join(root, "exercises", "exercise3", "exercise3.py")


def test_default_is_the_exercise_module_of_the_course_found_from_the_course_root(course_dir, monkeypatch):
    monkeypatch.chdir(course_dir)
    target = student_target(course_module.load(), "exercise3")
    assert target.files == [stub_of(course_dir)]
    assert target.modules == [] and target.sys_path == []


def test_default_is_found_from_a_subfolder_too(course_dir, monkeypatch):
    monkeypatch.chdir(os.path.join(course_dir, "exercises", "exercise3", "scratch", "deeper"))
    assert student_target(course_module.load(), "exercise3").files == [stub_of(course_dir)]


def test_nnlab_check_in_a_subfolder_grades_that_courses_module(course_dir):
    # The repository's own stub scores 0: full marks prove the course folder's module was graded.
    result = run_nnlab("check", "exercise3", "--json", cwd=os.path.join(course_dir, "exercises", "exercise3", "scratch"))
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["exercise"] == "exercise3" and data["score"] == data["max_score"] == classroom.FULL


def test_student_file_of_course_yml_is_used(tmp_path, monkeypatch):
    root = tmp_path / "course"
    (root / "exercises" / "exercise3").mkdir(parents=True)
    (root / "exercises" / "exercise3" / "mine.py").write_text("def mse(y, y_hat):\n    return 0.0\n")
    (root / "course.yml").write_text("exercises:\n  exercise3:\n    student_file: mine.py\n    tasks:\n      mse: {points: 1}\n")
    monkeypatch.chdir(root / "exercises")
    assert student_target(course_module.load(), "exercise3").files == [str(root / "exercises" / "exercise3" / "mine.py")]


def test_file_is_made_absolute_against_the_current_folder_not_the_course_root(course_dir, monkeypatch):
    here = os.path.join(course_dir, "exercises", "exercise3", "scratch")
    with open(os.path.join(here, "attempt.py"), "w") as f:
        f.write("def mse(y, y_hat):\n    return 0.0\n")
    monkeypatch.chdir(here)
    target = student_target(course_module.load(), "exercise3", "attempt.py")
    assert target.files == [os.path.join(here, "attempt.py")]


def test_missing_default_module_names_the_path_it_looked_for(tmp_path, monkeypatch):
    root = classroom.make_course(tmp_path / "course")  # course.yml only: no exercises/ folder yet
    monkeypatch.chdir(root)
    with pytest.raises(CourseError) as info:
        student_target(course_module.load(), "exercise3")
    assert str(info.value) == f"no such file: {stub_of(root)}"


def test_missing_file_is_a_course_error_with_its_absolute_path(course_dir, monkeypatch):
    monkeypatch.chdir(course_dir)
    course = course_module.load()
    for name in ("nope.py", "nope.ipynb"):
        with pytest.raises(CourseError, match="^" + re.escape(f"no such file: {os.path.join(course_dir, name)}") + "$"):
            student_target(course, "exercise3", name)


def test_a_folder_is_not_a_file(course_dir):
    course = course_module.load(course_dir)
    folder = os.path.join(course_dir, "exercises", "exercise3", "scratch")
    with pytest.raises(CourseError, match="^" + re.escape(f"not a file: {folder}") + "$"):
        student_target(course, "exercise3", folder)


def test_other_extensions_are_refused_by_name(course_dir, write):
    path = write("answers.txt", "def mse(y, y_hat):\n    return 0.0\n")
    with pytest.raises(CourseError) as info:
        student_target(course_module.load(course_dir), "exercise3", path)
    assert str(info.value) == "answers.txt: expected a .py module or an .ipynb notebook"


def test_unknown_exercise_is_a_course_error(course_dir):
    with pytest.raises(CourseError, match="unknown exercise 'exercize3'; did you mean exercise3"):
        student_target(course_module.load(course_dir), "exercize3")


def test_notebook_becomes_a_module_of_its_definitions(course_dir, tmp_path, capsys):
    nb = tmp_path / "homework.ipynb"
    nb.write_text(classroom.notebook(("markdown", "# my notes"), "import numpy as np\n",
                                     "def mse(y, y_hat):\n    return float(np.mean((y - y_hat) ** 2))\n",
                                     "print('training...')\n"))
    before = nb.read_text()
    target = student_target(course_module.load(course_dir), "exercise3", str(nb))
    assert target.files == [] and list(target.sources) == ["homework_ipynb.py"]  # text: no temp file left behind
    source = target.sources["homework_ipynb.py"]
    assert "def mse(y, y_hat):" in source and "import numpy as np" in source
    assert "training" not in source  # top-level code is left out, and said so on stderr
    assert "homework.ipynb" in capsys.readouterr().err
    assert nb.read_text() == before


def test_a_student_target_carries_the_exercises_forbidden_imports(course_dir, write):
    target = student_target(course_module.load(course_dir), "exercise3", write("exercise3.py", "x = 1\n"))
    assert "scipy.special" in target.forbidden and "not allowed in exercise3" in target.forbidden["scipy.special"]


@pytest.mark.parametrize("content, words", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"cells": [{"cell_type": "code", "source": "x = ' + "-" * 300_000 + '1"}]}', "memory limit"),
    ('{"cells": [{"cell_type": "code", "source": "' + "x=1\\n" * 1_300_000 + '"}]}', "512 KB notebook code limit"),
])
def test_hostile_notebooks_are_a_clear_error_quickly_and_never_parsed_here(course_dir, tmp_path, content, words):
    import resource
    import time

    nb = tmp_path / "homework.ipynb"
    nb.write_text(content)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(CourseError, match=words):
        student_target(course_module.load(course_dir), "exercise3", str(nb))
    assert time.monotonic() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB: parsing was not done here


def test_a_notebook_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    root = classroom.make_course(tmp_path / "course", notebook_mb=1)
    nb = tmp_path / "homework.ipynb"
    nb.write_text(classroom.notebook("x = 1\n" + "#" * (2 * 2**20)))
    with pytest.raises(CourseError, match="over the course's 1 MB notebook size limit"):
        student_target(course_module.load(root), "exercise3", str(nb))


def test_broken_notebook_is_a_course_error(course_dir, tmp_path):
    nb = tmp_path / "homework.ipynb"
    nb.write_text(classroom.notebook("def mse(y, y_hat):\n    return 0.0\n", broken=True))
    with pytest.raises(CourseError, match="homework.ipynb: not a valid notebook"):
        student_target(course_module.load(course_dir), "exercise3", str(nb))


def test_reference_target_imports_the_exercises_reference_modules(course):
    config = course.exercise("exercise3")
    target = reference_target(course, config)
    assert target.files == []
    assert target.modules == config.reference and target.sys_path == [course.root]


def test_reference_target_runs_the_reference_in_the_child(course):
    from reference.numpy.losses import softmax

    z = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    result = runner.run(reference_target(course, course.exercise("exercise3")), [encode(call("softmax", z))], Limits())
    np.testing.assert_array_equal(result.outcomes[0].value, softmax(z))


def test_reference_target_without_the_reference_is_a_course_error(tmp_path):
    root = tmp_path / "handout"
    root.mkdir()
    (root / "course.yml").write_text("exercises:\n  exercise3:\n    reference: [nnlab_missing_solutions.losses]\n"
                                     "    tasks:\n      mse: {points: 1}\n")
    course = course_module.load(str(root))
    with pytest.raises(CourseError, match="the reference solutions are not part of this course folder"):
        reference_target(course, course.exercise("exercise3"))


def test_forbidden_imports_come_from_course_yml_an_exercise_replacing_the_defaults(tmp_path):
    root = classroom.make_course(tmp_path / "course", forbidden_imports=["torch"])
    course = course_module.load(root)
    assert list(course.exercise("exercise3").forbidden_imports) == ["torch"]
    (tmp_path / "course" / "course.yml").write_text((tmp_path / "course" / "course.yml").read_text().replace(
        "  exercise3:\n", "  exercise3:\n    forbidden_imports: {sklearn: use your own split}\n"))
    message = course_module.load(root).exercise("exercise3").forbidden_imports["sklearn"]
    assert message == "`sklearn` is not allowed in exercise3 (forbidden_imports in course.yml): use your own split"
    (tmp_path / "course" / "course.yml").write_text((tmp_path / "course" / "course.yml").read_text().replace(
        "{sklearn: use your own split}", "3"))
    with pytest.raises(CourseError, match="forbidden_imports: expected a list of module names"):
        course_module.load(root)
