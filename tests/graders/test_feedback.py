"""HTML feedback: escaped, self-contained, with plots; rendered by headless Chromium."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess

import pytest

from graders.feedback import CSP, render, write_feedback
from graders.gradebook import Gradebook
from tests.graders.test_gradebook import outcome

GRADCHECK = ("gradient check failed (relative error vs finite differences of your own forward, threshold 1e-07): "
             "wrong: W 3.2e-01, b 1.0e-02; fine: x 1.2e-10")
GRADIENT = {"threshold": 1e-7, "errors": {"W": 0.32, "b": 0.01, "x": 1.2e-10}}


def result_with(message, **typed):
    r = outcome()["result"]
    r["tasks"][0]["tests"][1].update(passed=False, message=message, hint="check <the> axis", **typed)
    r["tasks"][0]["score"] = 0
    r["score"] = 1
    return r


def test_everything_from_the_submission_is_escaped():
    page = render("eve", {"exercise3": result_with("<script>alert(1)</script>")})
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "check &lt;the&gt; axis" in page
    assert CSP in page


def test_no_picture_without_stored_figures():
    """No chart of points per task (the table says it) and no chart drawn from the messages."""
    page = render("eve", {"exercise4": result_with(GRADCHECK, kind="gradient", gradient=GRADIENT)})
    assert "<img" not in page and "<figure" not in page


def test_a_student_error_shaped_like_a_gradient_check_does_not_break_the_page():
    """raise ValueError("gradient check failed (threshold e): wrong: W 1e-3") crashed feedback with exit 3."""
    forged = ('ValueError: gradient check failed (threshold e): wrong: W 1e-3; fine: $\\frac{ 1e-3 nan\x1b[2J\u202e')
    page = render("eve", {"exercise4": result_with(forged, kind="exception")})
    assert page.count("data:image/png") == 0 and "\x1b" not in page and "\u202e" not in page


def test_control_and_bidi_characters_never_reach_the_page():
    page = render("eve", {"exercise3": result_with("a\x1b]52;c;cHduZWQ=\x07b\u202ec\u2066d", kind="exception")},
                  plots=False)
    for char in ("\x1b", "\x07", "\u202e", "\u2066"):
        assert char not in page
    assert "\\x1b]52" in page  # shown as a visible escape, so the instructor sees something was there


def test_write_feedback_for_chosen_and_missing_students(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("alice"))
        gb.record(outcome("bob", score=1))
    written = write_feedback(str(tmp_path), students={"bob"})
    assert [os.path.basename(p) for p in written] == ["bob.html"]
    written = write_feedback(str(tmp_path), students=set(), only_missing=True)
    assert [os.path.basename(p) for p in written] == ["alice.html"]
    assert "Total: <b>1/3</b>" in open(written[0].replace("alice", "bob")).read()


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"


def red_png() -> str:
    """A real PNG (base64), drawn with matplotlib: a red square."""
    import io

    from graders.plots import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.add_patch(plt.Rectangle((0, 0), 1, 1, color="#d00000"))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def test_stored_figures_are_embedded_with_captions_and_checked():
    figures = {"figures": [
        {"name": "losses", "caption": "Look <here> for the \u202e curve", "png": red_png(), "problems": []},
        {"name": "temperature", "caption": "nothing drawn", "png": None, "problems": ["softmax is not implemented yet"]},
        {"name": "forged", "caption": "not a png", "png": base64.b64encode(b"<svg onload=alert(1)>").decode(),
         "problems": []},
        {"name": "junk", "caption": "bad base64", "png": "\"><script>", "problems": []},
        "not a figure",
    ]}
    page = render("eve", {"exercise3": outcome()["result"]}, plot_data={"exercise3": figures})
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 1 and base64.b64decode(images[0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<figcaption>Look &lt;here&gt; for the \\u202e curve</figcaption>" in page
    assert "<li>softmax is not implemented yet</li>" in page and "nothing drawn" in page
    assert "not a png" not in page and "<script>" not in page and "bad base64" not in page
    assert render("eve", {"exercise3": outcome()["result"]}, plots=False,
                  plot_data={"exercise3": figures}).count("<figure") == 0
    # a gradebook from before pictures were kept (exercise1's probe outputs) shows none
    old = {"gate_and": {"w": [1.0, 1.0], "b": -1.5}}
    assert "<figure" not in render("eve", {"exercise1": outcome()["result"]}, plot_data={"exercise1": old})


def shoot(page: str, tmp_path) -> tuple:
    """(the DOM Chromium built, the screenshot's pixels) of a page file."""
    assert os.path.exists(chromium()), "chromium is missing: run scripts/system-deps.sh"
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", f"file://{page}"], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    shot = tmp_path / "shot.png"
    proc = subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1000,2400", f"file://{page}"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    from matplotlib.image import imread

    return dom.stdout, imread(str(shot))


@pytest.mark.slow
def test_a_graded_students_page_shows_pictures_of_their_own_functions_in_headless_chromium(tmp_path):
    """The real path: `nnlab grade` draws exercise3's pictures from the student's functions in the
    worker's sandbox, the gradebook keeps them, the page embeds them with their captions."""
    from graders.plots import plots_for
    from tests.graders import classroom

    course = classroom.make_course(tmp_path / "course")
    mutant = open(os.path.join(classroom.ROOT, "graders", "mutants", "exercise3", "softmax_no_max_shift.py"),
                  encoding="utf-8").read()
    classroom.add(tmp_path / "subs", "alice", "exercise3.py", classroom.SOLUTION + "\n\n" + mutant)
    proc = classroom.grade(course, tmp_path / "subs", tmp_path / "out", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    page = str(tmp_path / "out" / "feedback" / "alice.html")
    text = open(page, encoding="utf-8").read()
    captions = [p.caption for p in plots_for("exercise3")]
    assert len(captions) == 2
    for caption in captions:
        assert f"<figcaption>{html.escape(caption, quote=False)}</figcaption>" in text
    assert "Content-Security-Policy" in text and "img-src data:" in text

    dom, pixels = shoot(page, tmp_path)
    assert "Feedback for alice" in dom and 'id="total"' in dom
    assert dom.count("<img") == 2
    assert pixels.shape[0] >= 2000 and pixels.std() > 0.05  # something drawn, not a blank page
    # the pictures were decoded and drawn: a plot's coloured lines, not only black text on white
    coloured = (pixels[..., :3].max(axis=-1) - pixels[..., :3].min(axis=-1)) > 0.3
    assert coloured.sum() > 2000

    # --no-pictures: the same grade and page, without the pictures (grades alone run several times faster)
    again = classroom.grade(course, tmp_path / "subs", tmp_path / "out2", "--workers", "1", "--no-pictures")
    assert again.returncode == 0, again.stderr
    plain = open(tmp_path / "out2" / "feedback" / "alice.html", encoding="utf-8").read()
    assert "<figcaption>" not in plain and "Feedback for alice" in plain


def test_pictures_are_drawn_only_where_they_can_show_something():
    """The worker skips the plots' run for a submission that hit a limit or holds nothing yet."""
    from graders.batch import worth_drawing
    from graders.results import ExerciseResult, Failure, TaskResult, TestResult

    def result(*kinds):
        tests = [TestResult(f"t{i}", kind is None, 0.0, 1.0, failure=None if kind is None else Failure(kind))
                 for i, kind in enumerate(kinds)]
        return ExerciseResult("exercise3", "t", [TaskResult("softmax", 0.0, 1.0, tests)])

    assert worth_drawing(result(None, "wrong_value"))
    assert worth_drawing(result("not_implemented", "wrong_value"))
    assert not worth_drawing(result("not_implemented", "missing"))  # the stub: nothing to picture
    assert not worth_drawing(result(None, "timeout"))  # it would only time out again
    assert not worth_drawing(result("syntax"))
    assert not worth_drawing(ExerciseResult("exercise3", "t", []))
