"""HTML feedback per student from the gradebook, with plots where a picture says more.

One self-contained file per student (``feedback/<student>.html``): for every exercise the score,
each task's tests with their messages and hints, and plots rendered with matplotlib (Agg) and
embedded as base64 PNG, so the file can be mailed or uploaded as is:

* per-parameter relative errors of failed gradient checks (the typed ``gradient`` data the parent
  computed, e.g. exercise4's backward passes; never parsed from message text), on a log scale
  against the threshold;
* exercise-specific plots registered in ``EXERCISE_PLOTS``: the decision regions of exercise1's
  gates and XOR network, from the student's own ``gate_weights`` and ``xor_network`` evaluated
  on a grid (``probes``: extra calls the class grader runs in the same sandbox; their outputs are
  validated and stored as small JSON in the gradebook).

Every text goes through ``results.clean_text`` (control and bidi characters neutralised) and is
HTML-escaped; the page carries a Content-Security-Policy that allows no scripts and no network,
only inline styles and data: images. Hidden tests were already reduced to what the parent
computed, and the student's own output is never shown here.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os

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


# --------------------------------------------------------------------------- plots


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    _plt().close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _finite(x) -> float:
    """A number to draw: anything not a finite float draws as 0 (a plot never fails a page)."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def gradcheck_errors(result: dict) -> list:
    """``[(task, test, threshold, {param: rel_error})]`` of failed gradient checks, from the typed
    ``gradient`` field of each test (``TestResult.details``); a non-finite error is ``inf``."""
    found = []
    for task in result["tasks"]:
        for t in task["tests"]:
            gradient = t.get("gradient")
            if t.get("passed") or not isinstance(gradient, dict) or not isinstance(gradient.get("errors"), dict):
                continue
            threshold = gradient.get("threshold")
            if not isinstance(threshold, (int, float)) or not 0 < threshold < math.inf:
                continue
            errors = {str(name): float(err) if isinstance(err, (int, float)) else math.inf
                      for name, err in gradient["errors"].items()}
            if errors:
                found.append((task["name"], t["name"], float(threshold), errors))
    return found


MAX_GRADCHECK_PLOTS = 12  # one panel per failed check; more would make a page of plots


def _label(text) -> str:
    """Text for a plot: cleaned, and no '$' that matplotlib would parse as maths (and fail on)."""
    return clean_text(text).replace("$", r"\$")


def plot_gradcheck(found: list) -> str:
    """Per-parameter relative errors (log scale) of each failed gradient check, with its threshold."""
    plt = _plt()
    found = found[:MAX_GRADCHECK_PLOTS]
    fig, axes = plt.subplots(len(found), 1, figsize=(6.4, 1.9 * len(found) + 0.4), squeeze=False)
    for ax, (task, test, threshold, errors) in zip(axes[:, 0], found, strict=False):
        names = list(dict.fromkeys(_label(name) for name in errors))
        errors = dict(zip(names, errors.values(), strict=False))
        values = [max(min(v, 1e3), 1e-16) if math.isfinite(v) else 1e3 for v in errors.values()]
        ax.bar(names, values, color=["#c62828" if v > threshold else "#2e7d32" for v in values])
        ax.axhline(threshold, color="#555", linestyle="--", linewidth=1, label=f"threshold {threshold:.0e}")
        ax.set_yscale("log")
        ax.set_ylabel("relative error")
        ax.set_title(_label(f"{task}: {test}"), fontsize=9)
        ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return _png(fig)


GATES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "nor": (1, 0, 0, 0), "xor": (0, 1, 1, 0)}
CORNERS = ((0, 0), (0, 1), (1, 0), (1, 1))
GRID_SIDE = 41


def _grid():
    import numpy as np

    side = np.linspace(-0.5, 1.5, GRID_SIDE)
    xx, yy = np.meshgrid(side, side)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def probes(exercise: str) -> list:
    """Extra calls of the student's own functions whose outputs only feed plots:
    ``[(key, Case)]``, run by the class grader in the same sandbox as the tests."""
    if exercise != "exercise1":
        return []
    from .spec import call

    cases = [(f"gate_{name}", call("gate_weights", name)) for name in ("and", "or", "nand", "nor")]
    cases.append(("xor", call("xor_network", _grid()[2])))
    return cases


def probe_value(key: str, value):
    """A probe's output as small JSON (validated here, in the parent), or None if unusable."""
    import numpy as np

    try:
        if key.startswith("gate_"):
            w, b = value
            w, b = np.asarray(w, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
            if w.shape != (2,) or b.shape != (1,) or not (np.isfinite(w).all() and np.isfinite(b).all()):
                return None
            return {"w": [float(w[0]), float(w[1])], "b": float(b[0])}
        if key == "xor":
            pred = np.asarray(value, dtype=float).ravel()
            if pred.shape != (GRID_SIDE * GRID_SIDE,) or not np.isfinite(pred).all():
                return None
            return [int(v >= 0.5) for v in pred]
    except (TypeError, ValueError):
        return None
    return None


def plot_decision_regions(result: dict, data: dict | None = None) -> str | None:
    """exercise1: decision regions of your gates and XOR network on the plane: for a gate, where
    your weights' sigmoid neuron says 1 (>= 0.5); for XOR, what your xor_network predicts. The
    dots are the truth table (green 1, red 0)."""
    status = {t["name"]: float(t["score"]) >= float(t["max_score"]) - 1e-9 for t in result["tasks"]}
    if "gate_weights" not in status and "xor_network" not in status:
        return None
    data = data or {}
    plt = _plt()
    import numpy as np

    xx, yy, points = _grid()
    fig, axes = plt.subplots(1, len(GATES), figsize=(11, 2.6))
    for ax, (name, table) in zip(axes, GATES.items(), strict=True):
        probe = data.get("xor" if name == "xor" else f"gate_{name}")
        if name == "xor" and isinstance(probe, list):
            region = np.array(probe, dtype=float).reshape(xx.shape)
        elif isinstance(probe, dict):
            z = points @ np.array(probe["w"]) + probe["b"]
            region = (z >= 0).astype(float).reshape(xx.shape)  # sigmoid(z) >= 0.5
        else:
            region = None
        if region is not None:
            ax.contourf(xx, yy, region, levels=[-0.5, 0.5, 1.5], colors=["#fde0dc", "#d7ecd9"])
        else:
            ax.text(0.5, 0.5, "no output", ha="center", va="center", transform=ax.transAxes, color="#777")
        for (x, y), v in zip(CORNERS, table, strict=True):
            ax.scatter([x], [y], c="#2e7d32" if v else "#c62828", s=60, edgecolors="k", zorder=3)
        ok = status.get("xor_network" if name == "xor" else "gate_weights", False)
        ax.set_title(f"{name.upper()} {'ok' if ok else 'wrong'}", color="#176f2c" if ok else "#b3261e")
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    fig.suptitle("your decision regions (green: output 1) and the truth table (dots)", fontsize=9)
    fig.tight_layout()
    return _png(fig)


EXERCISE_PLOTS = {"exercise1": [plot_decision_regions]}


# --------------------------------------------------------------------------- HTML


def _fmt(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.2f}"


def _e(text) -> str:
    return html.escape(clean_text(text), quote=True)


def render(student: str, results: dict, titles: dict | None = None, plots: bool = True,
           plot_data: dict | None = None) -> str:
    """The feedback page of one student: ``results`` is ``{exercise: stored result}``,
    ``plot_data`` ``{exercise: probe outputs}`` (see ``probes``)."""
    titles = titles or {}
    plot_data = plot_data or {}
    total = sum(float(r["score"]) for r in results.values())
    maximum = sum(float(r["max_score"]) for r in results.values())
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">",
        f"<title>Feedback for {_e(student)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Feedback for {_e(student)}</h1>",
        f"<p class=\"score\" id=\"total\">Total: <b>{_fmt(total)}/{_fmt(maximum)}</b> points</p>",
    ]
    for exercise in sorted(results):
        r = results[exercise]
        title = titles.get(exercise, "")
        parts.append(f"<section id=\"{_e(exercise)}\"><h2>{_e(exercise)}{': ' + _e(title) if title else ''} "
                     f"&mdash; {_fmt(r['score'])}/{_fmt(r['max_score'])} points</h2>")
        if r.get("error"):
            parts.append(f"<p class=\"fail\">Not graded: {_e(r['error'])}</p>")
        parts.append("<table><tr><th>task</th><th>points</th><th>tests</th></tr>")
        for task in r["tasks"]:
            full = float(task["score"]) >= float(task["max_score"]) - 1e-9
            rows = []
            for t in task["tests"]:
                cls, word = ("pass", "pass") if t["passed"] else ("fail", "FAIL")
                line = f"<div><span class=\"{cls}\">{word}</span> {_e(t['name'])}"
                if not t["passed"] and t.get("message"):
                    line += f"<pre>{_e(t['message'])}</pre>"
                if not t["passed"] and t.get("hint"):
                    line += f"<div class=\"hint\">hint: {_e(t['hint'])}</div>"
                rows.append(line + "</div>")
            parts.append(f"<tr><td>{_e(task['name'])}</td><td class=\"{'pass' if full else 'fail'}\">"
                         f"{_fmt(task['score'])}/{_fmt(task['max_score'])}</td><td>{''.join(rows)}</td></tr>")
        parts.append("</table>")
        if plots and r["tasks"]:
            images = []  # no points-per-task bars: the table says it (the class view is feedback/index.html)
            found = gradcheck_errors(r)
            if found:
                images.append(("gradient-check errors per parameter", plot_gradcheck(found)))
            for fn in EXERCISE_PLOTS.get(exercise, []):
                png = fn(r, plot_data.get(exercise))
                if png:
                    images.append((fn.__doc__.split(":")[0] if fn.__doc__ else fn.__name__, png))
            parts.append("<div class=\"plots\">")
            for alt, png in images:
                parts.append(f"<img alt=\"{_e(alt)}\" src=\"data:image/png;base64,{png}\">")
            parts.append("</div>")
        parts.append("</section>")
    parts.append("<p><small>Hidden tests show whether they passed, never their inputs. "
                 "Generated by nnlab.</small></p></body></html>")
    return "\n".join(parts)


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
