"""The class overview (feedback/index.html): mistake counts, pass rates, histograms, similar code."""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess

import pytest

from graders import overview
from graders.gradebook import Gradebook
from tests.graders.test_gradebook import outcome

M3 = os.path.join(os.path.dirname(overview.__file__), "mutants", "exercise3")
SHIFT_HINT = "subtract each row's max before exp"


def failing(student, hint="h", kind="wrong_value", diagnosis="", details=None, test="t2 (hidden)"):
    """alice's outcome with test ``test`` of task a failed the given way."""
    o = outcome(student, score=3)
    o["result"]["score"], o["result"]["tasks"][0]["score"] = 1, 0
    for t in o["result"]["tasks"][0]["tests"]:
        if t["name"] == test:
            t.update(passed=False, hint=hint, kind=kind, diagnosis=diagnosis or None, **(details or {}))
    return o


def test_mistakes_are_counted_per_student_and_grouped_by_hint(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("ann"))
        gb.record(failing("bob", hint="forgot the max-shift", diagnosis="factor", details={"numbers": {"factor": 4.0}}))
        gb.record(failing("cat", hint="forgot the max-shift", diagnosis="factor", details={"numbers": {"factor": 6.0}}))
        gb.record(failing("dan", hint="forgot the max-shift", test="t1"))  # same mistake, another test
        gb.record(failing("eve", kind="not_implemented"))  # not a mistake: not there yet
        gb.record(failing("fay", hint="forgot the max-shift") | {"status": "error"})  # outside every count
        ov = overview.build(gb, sources=False)
    (shift,) = [m for m in ov.mistakes if m["hint"] == "forgot the max-shift"]
    assert (shift["count"], shift["graded"]) == (3, 5) and abs(shift["share"] - 0.6) < 1e-12
    assert [t["test"] for t in shift["tests"]] == ["t1", "t2 (hidden)"]
    assert all(m["hint"] != "h" for m in ov.mistakes)  # eve's not_implemented is not a mistake
    assert [(d["exercise"], d["kind"], d["count"]) for d in ov.not_done] == [("exercise3", "not_implemented", 1)]
    (diag,) = ov.diagnoses
    assert diag["count"] == 2 and diag["factors"] == ["4", "6"] and "whole factor" in diag["words"]
    (ex,) = ov.exercises
    task_a = ex["tasks"][0]
    assert task_a["task"] == "a" and (task_a["full"], task_a["rate"]) == (1, 1 / 5)  # only ann
    rates = {t["test"]: (t["passed"], t["count"]) for t in task_a["tests"]}
    assert rates == {"t1": (4, 5), "t2 (hidden)": (2, 5)}  # fay's error row has no tests
    assert [b["count"] for b in ex["histogram"]] == [0, 0, 0, 4, 0, 0, 0, 0, 0, 1]  # fay not graded


def test_histogram_bins_and_the_top_edge():
    h = overview.histogram([0, 0.5, 9.99, 10, 10, float("nan")], 10, bins=5)
    assert [b["count"] for b in h] == [2, 0, 0, 0, 3] and h[-1]["hi"] == 10
    assert overview.histogram([1, 2], 0) == []


def test_the_page_escapes_everything_and_links_each_student(tmp_path):
    evil = "<script>alert(1)</script>\x1b[2J\u202e"
    with Gradebook(str(tmp_path)) as gb:
        gb.record(failing("ann", hint=evil))
        gb.record(outcome("bob & <i>"))
        ov = overview.build(gb, sources=False)
    page = overview.render(ov)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page and "\\x1b" in page
    assert overview.page_href("bob & <i>") == "bob%20%26%20%3Ci%3E.html"
    assert 'href="bob%20%26%20%3Ci%3E.html"' in page and 'href="ann.html"' in page
    assert "Content-Security-Policy" in page and "<svg" in page and "<img" not in page
    assert re.search(r'class="share" data-count="1">100% \(1 of 2\)', page) is None  # 1 of 2 students: 50%
    assert 'data-count="1">50% (1 of 2)' in page


def test_a_student_called_index_keeps_their_page(tmp_path):
    with Gradebook(str(tmp_path)) as gb:
        gb.record(outcome("index"))
    assert overview.write_overview(str(tmp_path)) == str(tmp_path / "feedback" / "class-overview.html")


def test_normalised_code_ignores_names_literals_and_docstrings():
    a = 'def f(x):\n    """Doc."""\n    y = x * 2 + 1\n    return y\n'
    b = "def g(values):\n    out = values * 7 + 3.5\n    return out\n"
    c = "def g(values):\n    return [v for v in values]\n"
    assert overview.normalise(a) == overview.normalise(b) != overview.normalise(c)


def _sub(root, student, text):
    path = os.path.join(root, student, "exercise3.py")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path, hashlib.sha256(text.encode()).hexdigest()


def test_similar_pairs_are_found_from_the_graded_files(tmp_path):
    solution = open(os.path.join(os.path.dirname(M3), "..", "..", "reference", "numpy", "losses.py"),
                    encoding="utf-8").read()
    renamed = re.sub(r"\bz\b", "logits", solution).replace("1e-7", "1e-07")
    other = "\n".join(f"def f{i}(a):\n    return [a] * {i}\n" for i in range(40))
    subs = tmp_path / "subs"
    with Gradebook(str(tmp_path)) as gb:
        for student, text in (("ann", solution), ("bob", renamed), ("cat", other), ("dan", solution)):
            path, sha = _sub(subs, student, text)
            gb.record({**outcome(student), "path": path, "sha256": sha})
        _sub(subs, "dan", solution + "\n# edited after grading\nx = 1\n")  # not what was graded
        path, sha = _sub(subs, "eve", "x = " + "(" * 200_000)  # hostile: parsed in the child, under limits
        gb.record({**outcome("eve"), "path": path, "sha256": sha})
        pairs, note = overview.similar_pairs(gb, {})
    assert [(p["a"], p["b"]) for p in pairs] == [("ann", "bob")] and pairs[0]["similarity"] > 0.95
    assert "2 submissions could not be read or parsed" in note  # dan (changed) and eve (not Python)


def test_code_in_the_stub_is_not_counted(tmp_path):
    stub = open(os.path.join(os.path.dirname(M3), "..", "..", "reference", "numpy", "losses.py"),
                encoding="utf-8").read()  # as if it were the starter code
    stub_path = tmp_path / "stub.py"
    stub_path.write_text(stub)
    subs = tmp_path / "subs"
    with Gradebook(str(tmp_path)) as gb:
        for student, extra in (("ann", "def mine(q):\n    return q\n"), ("bob", "def yours(r):\n    return -r\n")):
            path, sha = _sub(subs, student, stub + "\n" + extra)
            gb.record({**outcome(student), "path": path, "sha256": sha})
        assert len(overview.similar_pairs(gb, {})[0]) == 1  # the starter code alone makes them alike
        assert overview.similar_pairs(gb, {"exercise3": str(stub_path)})[0] == []


# --------------------------------------------------------------------------- a real class (mutants as students)


@pytest.fixture(scope="module")
def mutant_class(tmp_path_factory):
    """Six students graded by the real ``nnlab grade``: two correct, two without softmax's max-shift,
    one mse as a sum, one stub."""
    from tests.graders.classroom import SOLUTION, STUB, add, grade, make_course

    tmp = tmp_path_factory.mktemp("class")
    course = make_course(tmp / "course")
    subs = tmp / "subs"
    for student, mutant in (("ann", None), ("bob", None), ("cat", "softmax_no_max_shift"),
                            ("dan", "softmax_no_max_shift"), ("eve", "mse_sum")):
        extra = open(os.path.join(M3, f"{mutant}.py"), encoding="utf-8").read() if mutant else ""
        add(subs, student, "exercise3.py", SOLUTION + "\n\n" + extra)
    add(subs, "fay", "exercise3.py", STUB)
    proc = grade(course, subs, tmp / "out", "--workers", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "class overview" in proc.stderr
    return tmp


def _rows(page: str, cls: str) -> list:
    rows = re.findall(rf'<tr class="{cls}"[^>]*>(.*?)</tr>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in rows]


@pytest.mark.slow
def test_the_overview_names_the_class_mistakes(mutant_class):
    page = (mutant_class / "out" / "feedback" / "index.html").read_text()
    mistakes = _rows(page, "mistake")
    # the huge-logits test's hint (the per-row-max test's hint starts with the same words)
    shift = [r for r in mistakes if SHIFT_HINT in r and "huge logits (|z| ~ 1000)" in r]
    assert len(shift) == 1 and "33% (2 of 6)" in shift[0] and "exercise3 / softmax" in shift[0]
    assert "huge logits (|z| ~ 1000)" in shift[0]
    assert [r for r in mistakes if "no 1/2 factor" in r][0].split()[:3] == ["17%", "(1", "of"]
    (diag,) = _rows(page, "diagnosis")
    assert "17% (1 of 6)" in diag and "exercise3 / mse" in diag and "whole factor" in diag
    tasks = {r.split()[0]: r for r in _rows(page, "task")}
    assert "50% (3 of 6)" in tasks["softmax"] and "67% (4 of 6)" in tasks["mse"]
    assert "83% (5 of 6)" in tasks["mae"]  # only the stub misses it
    assert "huge logits (|z| ~ 1000): 50% (3/6)" in tasks["softmax"]
    students = _rows(page, "student")
    assert len(students) == 6 and any("fay" in r and "0/14" in r for r in students)
    assert 'href="ann.html"' in page and os.path.exists(mutant_class / "out" / "feedback" / "ann.html")
    pairs = _rows(page, "pair")
    assert any("ann" in r and "bob" in r and "100%" in r for r in pairs)  # the same file: flagged, kindly
    assert "proves nothing" in page and "cheat" not in page.lower() and "plagiar" not in page.lower()


@pytest.mark.slow
def test_export_html_writes_the_overview_too(mutant_class, tmp_path):
    from graders.export import export

    dest = export(str(mutant_class / "out"), "html", str(tmp_path / "fb"))
    assert os.path.exists(os.path.join(dest, "index.html")) and os.path.exists(os.path.join(dest, "cat.html"))


@pytest.mark.slow
def test_the_overview_renders_in_headless_chromium(mutant_class, tmp_path):
    from tests.graders.test_feedback import chromium

    page = mutant_class / "out" / "feedback" / "index.html"
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", f"file://{page}"], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('<rect class="bar"') == overview.HIST_BINS and "Most common mistakes" in dom.stdout
    shot = tmp_path / "overview.png"
    proc = subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1000,1400", f"file://{page}"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    from matplotlib.image import imread

    pixels = imread(str(shot))
    assert pixels.shape[:2] == (1400, 1000) and pixels.std() > 0.05
    # the histogram's bars were drawn: enough of its blue (#3b6ea8) on the page
    blue = (abs(pixels[..., 0] - 0x3B / 255) < 0.05) & (abs(pixels[..., 1] - 0x6E / 255) < 0.05) & \
        (abs(pixels[..., 2] - 0xA8 / 255) < 0.05)
    assert blue.sum() > 1000
    if os.environ.get("NNLAB_KEEP_SHOT"):
        import shutil

        shutil.copy(shot, os.environ["NNLAB_KEEP_SHOT"])
