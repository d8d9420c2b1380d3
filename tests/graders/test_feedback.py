"""HTML feedback: escaped, self-contained, with plots; rendered by headless Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess

import pytest

from graders.feedback import CSP, gradcheck_errors, render, write_feedback
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


def test_plots_are_embedded_png():
    page = render("eve", {"exercise4": result_with(GRADCHECK, kind="gradient", gradient=GRADIENT)})
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 1  # gradient-check errors (no points-per-task bars: the table says it)
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"


def test_gradcheck_errors_come_from_the_typed_data_not_the_message():
    found = gradcheck_errors(result_with("anything", kind="gradient", gradient=GRADIENT))
    assert found == [("a", "t2 (hidden)", 1e-7, {"W": 0.32, "b": 0.01, "x": 1.2e-10})]
    # words that look like a gradient check are only words
    assert gradcheck_errors(result_with(GRADCHECK)) == []
    nonfinite = gradcheck_errors(result_with("", gradient={"threshold": 1e-7, "errors": {"W": None}}))
    assert nonfinite == [("a", "t2 (hidden)", 1e-7, {"W": float("inf")})]


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


def test_decision_regions_only_for_gate_exercises():
    r = outcome()["result"]
    r["tasks"][0]["name"] = "gate_weights"
    data = {"gate_and": {"w": [1.0, 1.0], "b": -1.5}, "xor": [1] * 41 * 41}
    page = render("eve", {"exercise1": r}, plot_data={"exercise1": data})
    assert page.count("data:image/png") == 1  # the decision regions
    assert render("eve", {"exercise3": outcome()["result"]}).count("data:image/png") == 0


def test_probe_values_are_validated_in_the_parent():
    import numpy as np

    from graders.feedback import probe_value, probes

    assert [k for k, _ in probes("exercise1")] == ["gate_and", "gate_or", "gate_nand", "gate_nor", "xor"]
    assert probes("exercise3") == []
    assert probe_value("gate_and", [np.array([1.0, 1.0]), np.array(-1.5)]) == {"w": [1.0, 1.0], "b": -1.5}
    assert probe_value("gate_and", [np.array([1.0, 1.0, 1.0]), np.array(-1.5)]) is None
    assert probe_value("gate_or", [np.array([np.nan, 1.0]), np.array(0.0)]) is None
    assert probe_value("xor", np.zeros(41 * 41)) == [0] * (41 * 41)
    assert probe_value("xor", np.zeros(7)) is None


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


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("alice", score=1))
        gb.db.execute("UPDATE tests SET message=?, kind='gradient', details=? WHERE test='t2 (hidden)'",
                      (GRADCHECK, json.dumps({"gradient": GRADIENT})))
    (page,) = write_feedback(str(tmp_path))
    assert os.path.exists(chromium()), "chromium is missing: run scripts/system-deps.sh"
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", f"file://{page}"], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Feedback for alice" in dom.stdout and 'id="total"' in dom.stdout
    assert dom.stdout.count("<img") == 1
    shot = tmp_path / "shot.png"
    proc = subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1000,1400", f"file://{page}"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    from matplotlib.image import imread

    pixels = imread(str(shot))
    assert pixels.shape[0] >= 1000 and pixels.std() > 0.01  # something drawn, not a blank page
    # the plots were decoded and drawn: some pixels are the bars' red or green
    red = (pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.3) & (pixels[..., 2] < 0.3)
    assert red.sum() > 100
