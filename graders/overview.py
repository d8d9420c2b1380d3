"""The class overview (``feedback/index.html``): what a lecturer takes to the next lecture.

Written by ``nnlab grade`` and ``nnlab export DIR --format html`` from the gradebook alone (plus
the submitted files, for the similarity section). The page shows:

* every student's total (final score, after late penalties), linked to their feedback page;
* a score histogram per exercise (inline SVG: no script, nothing fetched);
* the pass rate per task and per test;
* the most common named mistakes: for each failed test, how many students failed it and the
  hint that names the mistake the test exists to catch (tests are written one per known-wrong
  "mutant" solution), and for each diagnosis the judge made (``results.DIAGNOSES``: sign flipped,
  off by a factor m, transposed ...) how many students it was found for. Failures that are not
  mistakes (not implemented, function missing, syntax or import errors) are counted apart;
* pairs of submissions of an exercise whose normalised code (``normalise``: AST node types only,
  every identifier and literal replaced by a placeholder, docstrings dropped, the stub's own
  code discounted) is nearly the same, listed for a human to compare, never as a verdict.

The page is for instructors: it names every student. It is rendered from
``templates/overview.html.j2`` with Jinja2 autoescaping, and every string passes
``results.clean_text`` on output. Submitted files are read and parsed in a child process under
memory and CPU limits (hostile source can be deeply nested), and only when their SHA-256 is the
one that was graded.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import os
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field

from .gradebook import MISSING, Gradebook
from .results import DIAGNOSES, clean_text, diagnosis_words

GRADED = "(student, exercise) IN (SELECT student, exercise FROM submissions WHERE status = 'graded')"
# Failures that say the work is not there (or not readable), rather than a mistake in it.
NOT_A_MISTAKE = {"not_implemented", "missing", "syntax", "import", "interrupted", "bad_submission",
                 "forbidden_import"}
# Diagnoses whose number differs per student: named without it.
GENERIC = {"same_factor": "every value is off by the same factor",
           "constant_offset": "every value is off by the same constant",
           "factor": "off by a whole factor (a sum where a mean belongs, or a missing 1/m?)",
           "inverse_factor": "off by a factor 1/n (divided by m twice, or a mean where a sum belongs?)"}
HIST_BINS = 10
SIMILAR = 0.9  # Jaccard similarity of normalised-code shingles at or above which a pair is listed
SHINGLE = 8  # tokens per shingle
MIN_SHINGLES = 30  # submissions with less own code than this (after the stub's) are not compared
MAX_PAIRS = 50
MAX_READ = 4 << 20
CHILD_MEMORY_MB, CHILD_CPU_SECONDS, CHILD_WALL_SECONDS = 1024, 60, 120
NOTE = ("These pairs have nearly the same code structure once names, numbers and strings are set aside. "
        "That often has innocent causes: the starter code, a worked example from the notes, a standard formula, "
        "working together as allowed. It is only a prompt to look at both files; it proves nothing.")


@dataclass
class Overview:
    """Everything the page shows, computed from the gradebook (tests read this, not the HTML)."""

    students: list = field(default_factory=list)  # dicts: student, href, total, max, notes
    exercises: list = field(default_factory=list)  # dicts: id, title, graded, histogram, tasks
    mistakes: list = field(default_factory=list)  # dicts: exercise, task, hint, tests, count, graded, share
    diagnoses: list = field(default_factory=list)  # dicts: exercise, task, words, factors, count, graded, share
    not_done: list = field(default_factory=list)  # dicts: exercise, kind, tasks, count, graded, share
    pairs: list = field(default_factory=list)  # dicts: exercise, a, b, similarity
    similarity_note: str = ""  # why pairs could not be compared, if so


# --------------------------------------------------------------------------- the numbers


def build(gb: Gradebook, titles: dict | None = None, sources: bool = True, stub_paths: dict | None = None) -> Overview:
    """The overview of ``gb``'s class; ``sources=False`` skips the similarity section."""
    titles = titles or {}
    rows = gb.class_rows()
    graded = _graded_counts(gb)
    ov = Overview()
    ov.students = _students(rows)
    for exercise in gb.exercises():
        ex_rows = [r for r in rows if r["exercise"] == exercise]
        maximum = float(gb.max_scores().get(exercise, 0) or 0)
        ov.exercises.append({"id": exercise, "title": titles.get(exercise, ""), "graded": graded.get(exercise, 0),
                             "students": len(ex_rows), "max": maximum,
                             "histogram": histogram([_final(r) for r in ex_rows if r["status"] in ("graded", MISSING)], maximum),
                             "tasks": _task_rates(gb, exercise, graded.get(exercise, 0))})
    ov.mistakes, ov.not_done = _failed_tests(gb, graded)
    ov.diagnoses = _diagnoses(gb, graded)
    if sources:
        ov.pairs, ov.similarity_note = similar_pairs(gb, stub_paths or {})
    return ov


def _final(row: dict) -> float:
    return 0.0 if row["status"] == MISSING else float(row["final_score"])


def _graded_counts(gb: Gradebook) -> dict:
    """Students with a graded submission, per exercise: the denominator of every rate."""
    return dict(gb.db.execute("SELECT exercise, COUNT(*) FROM submissions WHERE status='graded' GROUP BY exercise"))


def _students(rows: list) -> list:
    by: dict = {}
    for r in rows:
        s = by.setdefault(r["student"], {"student": r["student"], "href": page_href(r["student"]), "total": 0.0,
                                         "max": 0.0, "notes": []})
        s["total"] += _final(r)
        s["max"] += float(r["max_score"])
        if r["status"] == MISSING:
            s["notes"].append(f"{r['exercise']} missing")
        elif r["status"] != "graded":
            s["notes"].append(f"{r['exercise']} not graded")
        if float(r.get("penalty") or 0):
            s["notes"].append(f"{r['exercise']} late (-{_fmt(r['penalty'])})")
        if r.get("on_roster") is False:
            s["notes"].append("not on the roster")
    for s in by.values():
        s["notes"] = sorted(set(s["notes"]))
    return [by[k] for k in sorted(by)]


def page_href(student: str) -> str:
    """The relative link to a student's feedback page (``feedback.write_feedback``'s file name)."""
    return urllib.parse.quote(f"{student}.html")


def histogram(scores: list, maximum: float, bins: int = HIST_BINS) -> list:
    """``[{"lo", "hi", "count"}]``: ``bins`` equal bins over [0, maximum], the last one closed."""
    if maximum <= 0:
        return []
    out = [{"lo": maximum * i / bins, "hi": maximum * (i + 1) / bins, "count": 0} for i in range(bins)]
    for s in scores:
        if not math.isfinite(s):
            continue
        i = min(bins - 1, max(0, int(s / maximum * bins + 1e-9)))
        out[i]["count"] += 1
    return out


def _task_rates(gb: Gradebook, exercise: str, graded: int) -> list:
    """Per task: students with full marks on it; per test: how many passed of those run."""
    tasks = []
    for task, full, count in gb.db.execute(
            "SELECT t.task, SUM(t.score >= t.max_score - 1e-9), COUNT(*) FROM tasks t JOIN submissions s "
            "ON s.student = t.student AND s.exercise = t.exercise AND s.status = 'graded' "
            "WHERE t.exercise = ? GROUP BY t.task ORDER BY MIN(t.position)", (exercise,)).fetchall():
        tests = [{"test": name, "hidden": bool(hidden), "passed": int(passed), "count": int(n), "rate": _rate(passed, n)}
                 for name, hidden, passed, n in gb.db.execute(
                     f"SELECT test, MAX(hidden), SUM(passed), COUNT(*) FROM tests WHERE exercise=? AND task=? AND {GRADED} "
                     "GROUP BY test ORDER BY MIN(position)", (exercise, task))]
        tasks.append({"task": task, "full": int(full), "count": int(count), "rate": _rate(full, graded or count),
                      "tests": tests})
    return tasks


def _rate(k, n) -> float:
    return float(k) / float(n) if n else 0.0


def _failed_tests(gb: Gradebook, graded: dict) -> tuple:
    """(mistakes, not done), most common first. A mistake is a task's failed tests grouped by
    their hint (the hint names the mistake the test catches): how many students failed any of
    them, and which tests. Not done: students per exercise and kind (not implemented, ...)."""
    kinds = sorted(NOT_A_MISTAKE)
    marks = ",".join("?" * len(kinds))
    mistakes: dict = {}
    for student, exercise, task, test, hint, hidden in gb.db.execute(
            "SELECT student, exercise, task, test, hint, hidden FROM tests "
            f"WHERE passed = 0 AND kind NOT IN ({marks}) AND {GRADED} ORDER BY position", kinds):
        m = mistakes.setdefault((exercise, task, hint or test), {"students": set(), "tests": {}})
        m["students"].add(student)
        m["tests"][test] = bool(hidden)
    out = [_counted({"exercise": e, "task": t, "hint": h,
                     "tests": [{"test": name, "hidden": hid} for name, hid in m["tests"].items()]},
                    len(m["students"]), graded.get(e, 0)) for (e, t, h), m in mistakes.items()]
    not_done: dict = {}
    for student, exercise, task, kind in gb.db.execute(
            f"SELECT student, exercise, task, kind FROM tests WHERE passed = 0 AND kind IN ({marks}) AND {GRADED}", kinds):
        d = not_done.setdefault((exercise, kind), {"students": set(), "tasks": set()})
        d["students"].add(student)
        d["tasks"].add(task)
    done = [_counted({"exercise": e, "kind": k, "tasks": sorted(d["tasks"])}, len(d["students"]), graded.get(e, 0))
            for (e, k), d in not_done.items()]
    return _most_common(out), _most_common(done)


def _diagnoses(gb: Gradebook, graded: dict) -> list:
    """Students per (exercise, task, diagnosis): the judge's names for what the numbers show
    (a factor's value varies with the test's size: the values seen are listed beside it)."""
    seen: dict = {}
    for student, exercise, task, diagnosis, details in gb.db.execute(
            f"SELECT student, exercise, task, diagnosis, details FROM tests WHERE passed = 0 AND diagnosis != '' "
            f"AND {GRADED}"):
        if diagnosis not in DIAGNOSES:
            continue
        d = seen.setdefault((exercise, task, _diagnosis_words(diagnosis)), {"students": set(), "factors": set()})
        d["students"].add(student)
        factor = _factor(details)
        if diagnosis in ("factor", "inverse_factor") and factor is not None:
            d["factors"].add(f"{factor:g}" if diagnosis == "factor" else f"1/{1 / factor:.0f}")
    out = [_counted({"exercise": e, "task": t, "words": w, "factors": sorted(d["factors"], key=_factor_order)},
                    len(d["students"]), graded.get(e, 0)) for (e, t, w), d in seen.items()]
    return _most_common(out)


def _diagnosis_words(diagnosis: str) -> str:
    if diagnosis in GENERIC:
        return GENERIC[diagnosis]
    return diagnosis_words(diagnosis) or diagnosis.replace("_", " ")


def _factor(details: str) -> float | None:
    try:
        factor = (json.loads(details or "{}").get("numbers") or {}).get("factor")
    except (ValueError, AttributeError):
        return None
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not math.isfinite(factor) or factor == 0:
        return None
    return float(factor)


def _factor_order(text: str) -> float:
    try:
        return float(text.split("/")[-1])
    except ValueError:
        return math.inf


def _counted(item: dict, count: int, graded: int) -> dict:
    return {**item, "count": int(count), "graded": int(graded), "share": _rate(count, graded)}


def _most_common(items: list) -> list:
    return sorted(items, key=lambda m: (-m["count"], m["exercise"], m.get("task", ""),
                                        str(m.get("hint", m.get("words", m.get("kind", ""))))))


# --------------------------------------------------------------------------- similar code


def normalise(source: str) -> list:
    """The submission's code as a list of AST node type names: identifiers, attributes and
    literals all become placeholders, docstrings are dropped (iterative: no recursion limit)."""
    tree = ast.parse(source)
    tokens: list = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if _is_docstring(node):
            continue
        tokens.append(type(node).__name__)  # a Name's id, an attribute, a Constant's value: not kept
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return tokens


def _is_docstring(node) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def shingles(tokens: list, k: int = SHINGLE) -> set:
    """Hashes of every run of ``k`` consecutive tokens."""
    return {hash(tuple(tokens[i:i + k])) for i in range(max(0, len(tokens) - k + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def similar_pairs(gb: Gradebook, stub_paths: dict) -> tuple:
    """(pairs, note): graded submissions of the same exercise whose normalised code is nearly the
    same, most similar first; ``note`` says what could not be compared."""
    subs = [s for s in gb.submissions() if s["status"] == "graded" and s["path"]]
    if not subs:
        return [], ""
    jobs = [{"key": f"{s['student']}\0{s['exercise']}", "path": s["path"], "sha256": s["sha256"],
             "exercise": s["exercise"]} for s in subs]
    jobs += [{"key": f"\0stub\0{ex}", "path": p, "sha256": "", "exercise": ex} for ex, p in stub_paths.items()]
    tokens, failed = normalise_files(jobs)
    stubs = {ex: shingles(tokens.get(f"\0stub\0{ex}", [])) for ex in stub_paths}
    by_exercise: dict = {}
    for s in subs:
        toks = tokens.get(f"{s['student']}\0{s['exercise']}")
        if toks is None:
            continue
        own = shingles(toks) - stubs.get(s["exercise"], set())
        if len(own) >= MIN_SHINGLES:
            by_exercise.setdefault(s["exercise"], []).append((s["student"], own))
    pairs = []
    for exercise, items in sorted(by_exercise.items()):
        for i, (a, sa) in enumerate(items):
            for b, sb in items[i + 1:]:
                sim = jaccard(sa, sb)
                if sim >= SIMILAR:
                    pairs.append({"exercise": exercise, "a": a, "b": b, "similarity": sim,
                                  "a_href": page_href(a), "b_href": page_href(b)})
    pairs.sort(key=lambda p: (-p["similarity"], p["exercise"], p["a"], p["b"]))
    note = f"{failed} submissions could not be read or parsed and were not compared." if failed else ""
    if len(pairs) > MAX_PAIRS:
        note = f"{len(pairs) - MAX_PAIRS} more pairs above {SIMILAR:.0%} are not listed. " + note
    return pairs[:MAX_PAIRS], note.strip()


def normalise_files(jobs: list) -> tuple:
    """``({key: tokens}, failed)`` for ``jobs`` (dicts: key, path, sha256 or "", exercise), read
    and parsed in a child under memory and CPU limits; a file whose hash is not ``sha256`` (changed
    since grading) or that cannot be parsed is counted as failed."""
    from .prewarm import private_dir, remove_tree

    work = private_dir("overview-")
    try:
        inp, out = os.path.join(work, "jobs.json"), os.path.join(work, "tokens.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            json.dump(jobs, f)
        cmd = [sys.executable, "-I", "-c", "from graders.overview import _child_main; _child_main()", inp, out]
        try:
            subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=CHILD_WALL_SECONDS, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        except subprocess.TimeoutExpired:
            pass  # whatever was written so far is used
        tokens: dict = {}
        try:
            with open(out, encoding="utf-8") as f:
                for line in f:
                    try:
                        item = json.loads(line)
                    except ValueError:
                        break  # the child was stopped mid-line
                    if isinstance(item.get("tokens"), list):
                        tokens[str(item["key"])] = [str(t) for t in item["tokens"]]
        except OSError:
            pass
    finally:
        remove_tree(work)
    failed = sum(1 for j in jobs if j["sha256"] and j["key"] not in tokens)
    return tokens, failed


def _child_main() -> None:
    """The parsing child: ``-c ... JOBS OUT``; one JSON line per file (tokens or an error)."""
    import resource

    memory = CHILD_MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_SECONDS, CHILD_CPU_SECONDS))
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for job in jobs:
            try:
                item = {"key": job["key"], "tokens": normalise(_source_of(job))}
            except (Exception, MemoryError, RecursionError) as exc:  # noqa: BLE001 (one file, never the rest)
                item = {"key": job["key"], "error": type(exc).__name__}
            out.write(json.dumps(item) + "\n")
            out.flush()


def _source_of(job: dict) -> str:
    """The Python source graded for ``job``: the .py file, a notebook's code cells, or the module
    inside an ``nnlab submit`` zip; refused if its hash is not the graded one."""
    data = _read(job["path"])
    if job["sha256"] and hashlib.sha256(data).hexdigest() != job["sha256"]:
        raise ValueError("changed since grading")
    kind = os.path.splitext(job["path"])[1]
    if kind == ".zip":
        from .submit import unpack_submission

        inner, data = unpack_submission(data, job["exercise"])
        kind = "." + inner
    if kind == ".ipynb":
        nb = json.loads(data.decode("utf-8"))
        cells = nb.get("cells", []) if isinstance(nb, dict) else []
        parts = []
        for c in cells:
            if isinstance(c, dict) and c.get("cell_type") == "code":
                src = c.get("source", "")
                src = "".join(src) if isinstance(src, list) else str(src)
                parts.append("\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!"))))
        return "\n\n".join(parts)
    return data.decode("utf-8", errors="replace")


def _read(path: str) -> bytes:
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        data = os.read(fd, MAX_READ + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_READ:
        raise ValueError("too large")
    return data


# --------------------------------------------------------------------------- the page


def render(ov: Overview, title: str = "Class overview") -> str:
    """The page, from ``templates/overview.html.j2`` (autoescaped; every string cleaned)."""
    import jinja2
    import markupsafe

    from .feedback import CSP, STYLE

    env = jinja2.Environment(loader=jinja2.PackageLoader("graders", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, finalize=_finalize)
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"
    env.filters["num"] = _fmt
    return env.get_template("overview.html.j2").render(ov=ov, title=title, csp=CSP, style=markupsafe.Markup(STYLE),
                                                       note=NOTE, bar=_bar)


def _finalize(value):
    return clean_text(value) if isinstance(value, str) else value


def _bar(histogram: list, i: int, width: int = 300, height: int = 100) -> dict:
    """SVG geometry of bar ``i`` of a histogram: x, y, w, h in a ``width`` x ``height`` box."""
    top = max([b["count"] for b in histogram] + [1])
    w = width / len(histogram)
    h = height * histogram[i]["count"] / top
    return {"x": round(i * w + 1, 1), "y": round(height - h, 1), "w": round(w - 2, 1), "h": round(h, 1)}


def _fmt(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


OTHER_PAGE = "class-overview.html"


def write_overview(out_dir: str, course=None, dest_dir: str | None = None) -> str:
    """Write ``feedback/index.html`` (or ``dest_dir/index.html``; ``class-overview.html`` when a
    student is called "index") for ``out_dir``'s gradebook; returns its path."""
    dest_dir = dest_dir or os.path.join(out_dir, "feedback")
    titles, stubs, name = {}, {}, "Class overview"
    if course is not None:
        titles = {ex_id: ex.title for ex_id, ex in course.exercises.items()}
        for ex_id in course.exercises:
            stub = os.path.join(course.root, "exercises", ex_id, f"{ex_id}.py")
            if os.path.isfile(stub):
                stubs[ex_id] = stub
        name = f"Class overview: {getattr(course, 'name', '') or 'course'}"
    with Gradebook(out_dir, create=False) as gb:
        ov = build(gb, titles, stub_paths=stubs)
        # a student folder named "index" owns index.html (feedback.write_feedback): never overwrite it
        page = OTHER_PAGE if "index" in gb.students() else "index.html"
    os.makedirs(dest_dir, exist_ok=True)
    path = os.path.join(dest_dir, page)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(render(ov, name))
    os.replace(tmp, path)
    return path
