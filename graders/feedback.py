"""HTML feedback per student from the gradebook, with the pictures drawn from their own functions.

One self-contained file per student (``feedback/<student>.html``): for every exercise the score,
each task's tests with their messages and hints, and the exercise's pictures (``plots.py``: the
same figures as ``nnlab plot`` and the notebooks), drawn by the class grader's worker from the
student's own functions run in the grading sandbox (``batch.figures``) and stored in the gradebook
as PNG. They are embedded as ``data:`` images with their captions, so the file can be mailed or
uploaded as is. There is no chart of points per task: the table says it. When the student handed in
with ``nnlab submit``, the hint levels they opened are listed (they never change points).

The page is rendered from ``templates/feedback.html.j2`` with Jinja2 autoescaping; every string
passes ``results.clean_text`` (control and bidi characters neutralised) on output. It carries a
Content-Security-Policy that allows no scripts and no network, only inline styles and ``data:``
images. Hidden tests were already reduced to what the parent computed, and the student's own
output is never shown here.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from .gradebook import Gradebook
from .results import clean_text

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}td,th{border:1px solid #ddd;padding:.35rem .5rem;
vertical-align:top;text-align:left}th{background:#f4f4f4}
.pass{color:#176f2c;font-weight:600}.fail{color:#b3261e;font-weight:600}
pre{white-space:pre-wrap;margin:.2rem 0;font-size:.85rem;background:#fafafa;padding:.3rem}
.hint{color:#7a5a00}.score{font-size:1.2rem}.plots img{max-width:100%;margin:.4rem 0}
"""

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _fmt(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.2f}"


def image_uri(png) -> str | None:
    """A stored picture (base64 text) as a ``data:`` URI, or None unless it is a well-formed PNG."""
    if not isinstance(png, str) or not _BASE64.fullmatch(png):
        return None
    try:
        head = base64.b64decode(png[:16])
    except (binascii.Error, ValueError):
        return None
    return "data:image/png;base64," + png if head.startswith(PNG_MAGIC) else None


def figures_of(plot_data) -> list[dict]:
    """The pictures kept for one submission (``batch.figures``), checked: ``[{caption, src, problems}]``
    (``src`` None when nothing could be drawn: the problems say why). Anything else is ignored."""
    found = plot_data.get("figures") if isinstance(plot_data, dict) else None
    if not isinstance(found, list):
        return []
    out = []
    for fig in found:
        if not isinstance(fig, dict):
            continue
        problems = fig.get("problems")
        problems = [str(p) for p in problems if isinstance(p, str)] if isinstance(problems, list) else []
        src = image_uri(fig.get("png"))
        if src is None and not problems:
            continue
        out.append({"name": str(fig.get("name", "")), "caption": str(fig.get("caption", "")), "src": src,
                    "problems": problems})
    return out


def hints_of(plot_data) -> list[tuple[str, int]]:
    """``[(task, level)]`` of the hints the student opened (from their ``nnlab submit`` zip)."""
    from .status import valid_hints

    return sorted(valid_hints(plot_data.get("hints") if isinstance(plot_data, dict) else None).items())


def _finalize(value):
    return clean_text(value) if isinstance(value, str) else value


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("graders", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, finalize=_finalize)
    env.filters["num"] = _fmt
    return env


def _full(part: dict) -> bool:
    return float(part["score"]) >= float(part["max_score"]) - 1e-9


def render(student: str, results: dict, titles: dict | None = None, plots: bool = True,
           plot_data: dict | None = None) -> str:
    """The feedback page of one student: ``results`` is ``{exercise: stored result}``, ``plot_data``
    ``{exercise: what the worker kept for its pictures}`` (see ``batch.figures``); ``plots=False``
    leaves the pictures out."""
    import markupsafe

    titles = titles or {}
    plot_data = plot_data or {}
    exercises = []
    for exercise in sorted(results):
        r = results[exercise]
        tasks = [{"name": task["name"], "score": task["score"], "max_score": task["max_score"], "full": _full(task),
                  "tests": [{"name": t["name"], "passed": bool(t["passed"]), "message": t.get("message") or "",
                             "hint": t.get("hint") or ""} for t in task["tests"]]} for task in r["tasks"]]
        exercises.append({"id": exercise, "title": titles.get(exercise, ""), "score": r["score"],
                          "max_score": r["max_score"], "error": r.get("error") or "", "tasks": tasks,
                          "figures": figures_of(plot_data.get(exercise)) if plots else [],
                          "hints": hints_of(plot_data.get(exercise))})
    return _environment().get_template("feedback.html.j2").render(
        student=student, exercises=exercises, csp=markupsafe.Markup(CSP), style=markupsafe.Markup(STYLE),
        total=sum(float(r["score"]) for r in results.values()),
        maximum=sum(float(r["max_score"]) for r in results.values()))


def write_feedback(out_dir: str, course=None, students=None, only_missing: bool = False,
                   dest_dir: str | None = None) -> list:
    """Write ``feedback/<student>.html`` for ``students`` (default all; with ``only_missing``,
    also every student whose page does not exist yet). Returns the paths written."""
    dest_dir = dest_dir or os.path.join(out_dir, "feedback")
    os.makedirs(dest_dir, exist_ok=True)
    titles = {}
    if course is not None:
        titles = {ex_id: ex.title for ex_id, ex in course.exercises.items()}
    written = []
    with Gradebook(out_dir, create=False) as gb:
        everyone = gb.students()
        if students is None:
            chosen = everyone
        else:
            chosen = [s for s in everyone if s in students or
                      (only_missing and not os.path.exists(os.path.join(dest_dir, f"{s}.html")))]
        for student in chosen:
            results = {ex: gb.result(student, ex) for ex in gb.exercises()}
            results = {ex: r for ex, r in results.items() if r is not None}
            data = {ex: gb.plot_data(student, ex) for ex in results}
            path = os.path.join(dest_dir, f"{student}.html")
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(render(student, results, titles, plot_data=data))
            os.replace(tmp, path)
            written.append(path)
    return written
