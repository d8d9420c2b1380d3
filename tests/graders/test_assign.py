"""``nnlab assign``: nbgrader source notebooks, and the real nbgrader pipeline on planted submissions."""

from __future__ import annotations

import csv
import json
import os
import shutil

import nbformat
import pytest

from graders import course as course_module
from graders import pipeline
from graders.assign import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_SOLUTION,
    assign_course,
    build_notebook,
    clear_for_students,
    instruction_sections,
    nbgrader,
    solution_module,
    write_config,
)
from graders.course import parse
from graders.leaks import find_leaks, reference_functions
from graders.runner import Target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EX = "exercise3"


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


@pytest.fixture(scope="module")
def source_nb(course):
    return build_notebook(course, EX)


def meta(cell):
    return cell["metadata"].get("nbgrader", {})


def by_id(nb):
    return {meta(c).get("grade_id"): c for c in nb["cells"] if meta(c).get("grade_id")}


def test_source_notebook_follows_nbgrader_schema(course, source_nb):
    nbformat.validate(nbformat.from_dict(source_nb))
    cells = by_id(source_nb)
    tasks = pipeline.load_tasks(course, EX)
    config = course.exercise(EX)
    for task in tasks:
        test = cells[f"test_{task.name}"]
        m = meta(test)
        assert m == {"schema_version": 3, "grade": True, "solution": False, "locked": True, "task": False,
                     "grade_id": f"test_{task.name}", "points": config.tasks[task.name].points}
        assert f"grade_task('{EX}', '{task.name}')" in test["source"]
        assert (BEGIN_HIDDEN in test["source"]) == any(t.hidden for t in task.tests)
        for fn in task.functions:
            sol = cells[f"solution_{fn}"]
            assert meta(sol)["solution"] and not meta(sol)["grade"] and not meta(sol)["locked"]
            assert sol["source"].startswith(f"def {fn}(") and BEGIN_SOLUTION in sol["source"]
    assert sum(meta(c).get("points", 0) for c in source_nb["cells"]) == config.max_score
    assert meta(cells["setup"])["locked"] and "import numpy as np" in cells["setup"]["source"]


def test_helpers_are_nested_in_the_solution_region_and_graded_names_are_not(source_nb):
    cells = by_id(source_nb)
    cce = cells["solution_categorical_cross_entropy"]["source"]
    region = cce.split(BEGIN_SOLUTION)[1].split(END_SOLUTION)[0]
    assert "EPSILON = 1e-7" in region  # the module constant travels with the function, hidden from students
    assert "def log_softmax" not in cells["solution_sparse_categorical_cross_entropy"]["source"]


def test_student_notebook_has_no_solution_and_no_hidden_tests(course, source_nb):
    student = clear_for_students(source_nb)
    text = "\n".join(c["source"] for c in student["cells"])
    assert "hidden=True" not in text and BEGIN_SOLUTION not in text
    losses = [fn for fn in reference_functions(ROOT) if fn.name.startswith("reference/numpy/losses.py")]
    assert losses and find_leaks({"notebook.md": text}, losses) == []  # no statement, no docstring formula
    assert text.count("raise NotImplementedError()") == len(pipeline.load_tasks(course, EX))


def test_solution_module_of_the_notebook_scores_full_marks(course, source_nb, tmp_path):
    path = tmp_path / "sol.py"
    path.write_text(solution_module(source_nb))
    result = pipeline.grade(course, EX, Target(files=[str(path)]), hidden=True)
    assert result.full_marks and all(t.passed for task in result.tasks for t in task.tests)


def test_instructions_are_split_at_the_function_headings(tmp_path):
    os.makedirs(tmp_path / "exercises" / EX)
    (tmp_path / "exercises" / EX / "instructions.md").write_text(
        "# Exercise 3\nIntro text.\n\n## Conventions\nrows.\n\n## 1. `softmax(z)`\nShift by the max.\n"
        "### Example\n```\n# not a heading\n```\n## 2. `log_softmax`\nLog.\n## Submitting\nRun nnlab.\n")
    data = {"exercises": {EX: {"title": "T", "tasks": {"softmax": {"points": 1}, "log_softmax": {"points": 1}}}}}
    c = parse(data, "course.yml", str(tmp_path))
    intro, sections, outro = instruction_sections(c, EX, {"softmax": ("softmax",), "log_softmax": ("log_softmax",)})
    assert intro.startswith("# Exercise 3") and "## Conventions" in intro and "softmax" not in intro
    assert "Shift by the max" in sections["softmax"] and "# not a heading" in sections["softmax"]
    assert "log_softmax" not in sections["softmax"] and sections["log_softmax"].startswith("## 2. `log_softmax`")
    assert outro.startswith("## Submitting")


def test_a_heading_belongs_to_the_function_it_starts_with_and_preambles_stay_before_their_tasks(tmp_path):
    os.makedirs(tmp_path / "exercises" / EX)
    (tmp_path / "exercises" / EX / "instructions.md").write_text(
        "# Ex\nIntro.\n## 1. `sigmoid(z)` (1 point)\nS.\n"
        '## 2. `neuron(x, w, b, activation="sigmoid")` (1 point)\nN.\n### Worked example\nN2.\n'
        "## 3. The activations\nPreamble.\n### `relu(z)` (1 point)\nR.\n### `relu_prime(z)` (1 point)\nRP.\n"
        "## How it was checked\nOutro.\n")
    tasks = {"sigmoid": ("sigmoid",), "neuron": ("neuron",), "relu": ("relu",), "relu_prime": ("relu_prime",)}
    data = {"exercises": {EX: {"title": "T", "tasks": {t: {"points": 1} for t in tasks}}}}
    intro, sections, outro = instruction_sections(parse(data, "course.yml", str(tmp_path)), EX, tasks)
    assert intro.strip() == "# Ex\nIntro."
    assert "neuron" not in sections["sigmoid"] and sections["neuron"].startswith("## 2. `neuron(")
    assert "### Worked example\nN2." in sections["neuron"]  # a sub-heading stays with its task
    assert sections["relu"].startswith("## 3. The activations\nPreamble.\n### `relu(z)`")  # the preamble comes first
    assert "relu_prime" not in sections["relu"] and sections["relu_prime"].startswith("### `relu_prime(z)`")
    assert outro == "## How it was checked\nOutro."


NUMPY_EXERCISES = ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5", "exercise6", "exercise7"]
POINTS = r"\(\d+ points?\)|— \d+ points?\b|\*\d+ points?\.\*"


@pytest.mark.parametrize("ex", NUMPY_EXERCISES)
def test_every_task_has_its_own_section_with_its_points_once(course, ex):
    import re

    from graders.assign import heading_function

    nb = build_notebook(course, ex)
    cells = by_id(nb)
    tasks = pipeline.load_tasks(course, ex)
    with open(os.path.join(course.exercise_dir(ex), "instructions.md"), encoding="utf-8") as f:
        instructions = f.read().splitlines()
    for task in tasks:
        text = cells[f"md_{task.name}"]["source"]
        headings = [line.lstrip("#").strip() for line in text.splitlines() if re.match(r"#{1,6}\s", line)]
        assert any(heading_function(h, task.functions) for h in headings), (task.name, headings)
        own = [line for line in text.splitlines() if re.match(r"#{1,6}\s", line)
               and heading_function(line.lstrip("#").strip(), task.functions)]
        assert all(line in instructions for line in own), f"{task.name}: no heading of its own in instructions.md"
        others = {f for t in tasks if t.name != task.name for f in t.functions}
        assert not any(heading_function(h, others) for h in headings), (task.name, headings)
        assert len(re.findall(POINTS, text)) == 1, (task.name, re.findall(POINTS, text))


@pytest.mark.parametrize("ex", NUMPY_EXERCISES)
def test_the_notebook_intro_speaks_of_cells_not_of_the_file_and_the_terminal(course, ex):
    intro = build_notebook(course, ex)["cells"][0]["source"]
    assert "Fill in the code cells below" in intro
    assert f"`{ex}.py`" not in intro and f"nnlab check {ex}" not in intro


def test_a_picture_cell_follows_the_last_task_it_draws(course):
    cells = build_notebook(course, "exercise1")["cells"]
    ids = [meta(c).get("grade_id") or ("plot" if "plot(" in c["source"] else None) for c in cells]
    assert ids[ids.index("test_xor_network") + 1] == "plot"
    assert cells[ids.index("test_xor_network") + 1]["source"].endswith("plot('exercise1', 'gates')")
    assert ids.count("plot") == 1


def test_config_sets_timeout_and_ignores_warning_noise(course, tmp_path):
    path = write_config(course, [EX], str(tmp_path))
    from traitlets.config import Config

    cfg = Config()
    exec(open(path).read(), {"get_config": lambda: cfg})
    import re

    assert cfg.CourseDirectory.course_id == course.id
    assert cfg.Execute.timeout == int(course.exercise(EX).limits.submission_seconds) + 120
    assert cfg.IgnorePattern.enabled
    for noise in ("UserWarning: x", "DeprecationWarning: y", "oneDNN custom operations are on"):
        assert re.search(cfg.IgnorePattern.pattern, noise)
    assert cfg.CourseDirectory.db_url == "sqlite:///" + os.path.join(str(tmp_path), "gradebook.db")


# --------------------------------------------------------------------------- the real nbgrader


def _strip_markers(source):
    return "\n".join(ln for ln in source.split("\n") if ln.strip() not in (BEGIN_SOLUTION, END_SOLUTION))


@pytest.fixture(scope="module")
def graded_course(course, tmp_path_factory):
    """assign -> nbgrader generate_assignment -> 4 planted submissions -> nbgrader autograde -> export."""
    root = str(tmp_path_factory.mktemp("nbgrader_course"))
    assign_course(course, [EX], root, echo=lambda *a: None)
    src = json.load(open(os.path.join(root, "source", EX, f"{EX}.ipynb")))
    rel = json.load(open(os.path.join(root, "release", EX, f"{EX}.ipynb")))
    solutions = {g: _strip_markers(c["source"]) for g, c in by_id(src).items() if g.startswith("solution_")}
    mutant = open(os.path.join(ROOT, "graders", "mutants", EX, "softmax_no_max_shift.py")).read()
    warn = solutions["solution_softmax"].replace(
        "    z = np.asarray", "    import sys, warnings\n    warnings.warn('old API', DeprecationWarning)\n"
        "    warnings.warn('careful')\n    print('noise', file=sys.stderr)\n    z = np.asarray")
    students = {
        "ref": solutions,
        "stub": {},
        # a mistake in softmax, and its locked test cell replaced by `pass`
        "wrong": {**solutions, "solution_softmax": mutant, "test_softmax": "pass"},
        "warn": {**solutions, "solution_softmax": "import warnings\nwarnings.warn('at import')\n" + warn},
    }
    for student, edits in students.items():
        nb = json.loads(json.dumps(rel))
        for cell in nb["cells"]:
            gid = meta(cell).get("grade_id")
            if gid in edits:
                cell["source"] = edits[gid]
        os.makedirs(os.path.join(root, "submitted", student, EX))
        with open(os.path.join(root, "submitted", student, EX, f"{EX}.ipynb"), "w") as f:
            json.dump(nb, f)
    proc = nbgrader(["autograde", EX, "--force"], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = nbgrader(["export", "--to", os.path.join(root, "grades.csv")], root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    yield root, rel
    shutil.rmtree(root, ignore_errors=True)


def _gradebook(root):
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook("sqlite:///" + os.path.join(root, "gradebook.db")) as gb:
        for student in ("ref", "stub", "wrong", "warn"):
            nb = gb.find_submission_notebook(EX, EX, student)
            scores[student] = (nb.score, nb.max_score, {g.name: g.score for g in nb.grades})
    return scores


@pytest.mark.slow
def test_release_is_made_by_nbgrader_and_matches_the_student_notebook(course, graded_course):
    _, rel = graded_course
    ours = clear_for_students(build_notebook(course, EX))
    theirs = {meta(c).get("grade_id"): "".join(c["source"]) for c in rel["cells"]}
    for gid, cell in by_id(ours).items():
        assert theirs[gid] == cell["source"], gid


@pytest.mark.slow
def test_nbgrader_autograde_gives_full_zero_and_exactly_the_broken_task(course, graded_course):
    root, _ = graded_course
    scores = _gradebook(root)
    full = course.exercise(EX).max_score
    assert scores["ref"][:2] == (full, full)
    assert scores["stub"][0] == 0
    # the mistake in softmax costs softmax's points and nothing else, although its test cell said `pass`
    wrong = scores["wrong"][2]
    assert wrong["test_softmax"] == 0 and scores["wrong"][0] == full - course.exercise(EX).tasks["softmax"].points
    assert all(v == course.exercise(EX).tasks[k[5:]].points for k, v in wrong.items() if k != "test_softmax")
    # warnings and stderr from a correct answer cost nothing
    assert scores["warn"][0] == full
    with open(os.path.join(root, "grades.csv")) as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    for student, (score, max_score, _) in scores.items():
        assert float(rows[student]["raw_score"]) == score and float(rows[student]["max_score"]) == max_score
