"""Every file an instructions link points to ships in the handout (exercise5's optimizers.png first of
all), and the handout depends on matplotlib, which ``nnlab plot`` needs."""

import json
import os
import re

import pytest

from graders import course as course_module
from graders.assign import copy_linked_files, local_links
from graders.errors import CourseError
from graders.release import make_release
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


def exercises_with_links(course) -> list:
    found = []
    for ex in course.exercises:
        path = os.path.join(course.exercise_dir(ex), "instructions.md")
        if os.path.isfile(path) and local_links(open(path, encoding="utf-8").read()):
            found.append(ex)
    return found


@pytest.fixture(scope="module")
def handout(course, tmp_path_factory):
    exercises = exercises_with_links(course)
    assert "exercise5" in exercises
    return make_release(course, exercises, str(tmp_path_factory.mktemp("handout") / "h"), echo=lambda *a: None)


def markdown_texts(folder: str):
    """(file, folder of the file, markdown text) of every instructions file and notebook markdown cell."""
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            if name.endswith(".md"):
                yield path, dirpath, open(path, encoding="utf-8").read()
            elif name.endswith(".ipynb"):
                cells = json.load(open(path, encoding="utf-8"))["cells"]
                yield path, dirpath, "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")


def test_every_link_in_the_released_handout_resolves_to_a_shipped_file(handout):
    followed = 0
    for path, folder, text in markdown_texts(handout):
        for rel in local_links(text):
            target = os.path.normpath(os.path.join(folder, rel))
            assert target.startswith(handout + os.sep) and os.path.isfile(target), f"{path}: broken link {rel}"
            followed += 1
    assert followed >= 2  # instructions.md and the notebook of exercise5 at least
    png = os.path.join(handout, "exercises", "exercise5", "optimizers.png")
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_handout_depends_on_matplotlib(handout):
    text = open(os.path.join(handout, "pyproject.toml"), encoding="utf-8").read()
    deps = re.search(r"^dependencies = \[(.*)\]$", text, re.M).group(1)
    assert '"matplotlib>=' in deps


def test_links_are_found_in_images_and_pages_but_urls_and_anchors_are_not_files():
    text = ("![paths](optimizers.png) see [the notes](notes/a.md#top) and [Keras](https://keras.io) "
            "or [below](#adam), ![t](b.png \"title\") and ![paths](optimizers.png) again")
    assert local_links(text) == ["optimizers.png", "notes/a.md", "b.png"]


def test_a_link_to_a_missing_or_outside_file_stops_the_copy(tmp_path):
    (tmp_path / "ex").mkdir()
    md = tmp_path / "ex" / "instructions.md"
    (tmp_path / "secret.py").write_text("answer = 42\n")
    md.write_text("[the answer](../secret.py)\n")
    with pytest.raises(CourseError, match="not a file in ex/"):
        copy_linked_files(str(md), str(tmp_path / "out"))
    md.write_text("![gone](missing.png)\n")
    with pytest.raises(CourseError, match="missing.png"):
        copy_linked_files(str(md), str(tmp_path / "out"))
    (tmp_path / "ex" / "fig").mkdir()
    (tmp_path / "ex" / "fig" / "a.png").write_bytes(b"png")
    md.write_text("![a](fig/a.png) and again ![a](fig/a.png)\n")
    assert copy_linked_files(str(md), str(tmp_path / "out")) == [str(tmp_path / "out" / "fig" / "a.png")]
