"""Pictures drawn from the student's own functions: ``nnlab plot``, the notebooks and the HTML feedback.

Each ``Plot`` declares the calls it needs as spec ``Case``s (one student function per case, plus
the grader's helpers). They run in the same sandboxed child as grading (``runner.run``): student
code is never imported here. This process turns the returned arrays into the data of the picture
(``compute``), where a function that is missing, not implemented yet or returned something
unusable becomes one clear line instead of a curve, and only then draws it with matplotlib (Agg,
imported on this path alone, never by ``nnlab check``).

Where the reference is importable (the course repository, class grading) a plot can overlay the
reference's values on the same cases, computed in this process from trusted code. A handout has
no reference: those plots show the student's curves alone and say so.

    figures_for(exercise, target) -> [Figure(path, caption, ...)]   the entry point for every front end

Adding a picture: write ``cases()`` (one student function per case; loops are unrolled into calls,
with ``callables.apply`` for the grader's own functions in between), ``compute(got, ref)`` (arrays
in, the drawn data out, ``Missing`` passed through) and ``draw(data)``, then ``register(Plot(...))``
with the tasks it pictures and a one-sentence caption. ``nnlab plot``, the notebooks' picture cells
(after the last task it draws) and ``graders.plot`` pick it up; a test draws it from the reference
and from a mutant and compares the data where the mistake is.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .gradcheck import Param, directional_error, gradient_case
from .spec import Call, Case, Fn, Out, Rng, call, encode

# --------------------------------------------------------------------------- what a front end gets


@dataclass
class Figure:
    """One picture: ``path`` of the PNG (None when nothing could be drawn), ``caption``: what to look
    for, ``problems``: one line per function that could not be pictured, ``data``: what was drawn."""

    name: str
    path: str | None
    caption: str
    problems: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def data_uri(self) -> str | None:
        """The PNG as a ``data:`` URI, for HTML pages whose policy allows only inline images."""
        if not self.path:
            return None
        import base64

        with open(self.path, "rb") as f:
            return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


@dataclass(frozen=True)
class Missing:
    """A case that gave no usable value: ``line`` says which function and why, in one sentence."""

    line: str


@dataclass(frozen=True)
class Plot:
    """``cases()`` -> {key: (student function, Case)}; ``compute(got, ref)`` -> {panel: data dict or Missing};
    ``draw(data)`` -> a matplotlib figure. ``ref`` is the reference's values on the same cases, or None."""

    exercise: str
    name: str
    tasks: tuple
    caption: str
    cases: Callable[[], dict]
    compute: Callable[[dict, dict | None], dict]
    draw: Callable[[dict], object]
    reference: bool = False


PLOTS: dict = {}  # exercise -> [Plot], in the order they are shown


def register(plot: Plot) -> Plot:
    PLOTS.setdefault(plot.exercise, []).append(plot)
    return plot


def plots_for(exercise: str, task: str | None = None) -> list:
    """The plots of ``exercise`` (only those picturing ``task`` when given)."""
    return [p for p in PLOTS.get(exercise, []) if task is None or task in p.tasks or task == p.name]


def plotted_tasks(exercise: str) -> set:
    return {t for p in PLOTS.get(exercise, []) for t in p.tasks}


def default_dir(course, exercise: str, solution: bool = False) -> str:
    return os.path.join(course.root, ".nnlab", "plots", exercise, *(["solution"] if solution else []))


def figures_for(exercise: str, target, *, task: str | None = None, course=None, out_dir: str | None = None,
                reference: bool = True, limits=None, wrap=None) -> list[Figure]:
    """Run the plots of ``exercise`` (or of one ``task``) on ``target`` in the sandboxed child, draw
    them and return one ``Figure`` per plot. ``reference``: overlay the reference where it is importable."""
    from . import course as course_module
    from . import runner

    course = course or course_module.load()
    config = course.exercise(exercise)
    plots = plots_for(exercise, task)
    if not plots:
        return []
    out_dir = out_dir or default_dir(course, exercise)
    keyed = [(plot, key, fn, case) for plot in plots for key, (fn, case) in plot.cases().items()]
    encoded = [encode(case) for _, _, _, case in keyed]
    run = runner.run(target, encoded, limits or config.limits, wrap=wrap)
    figures = []
    for plot in plots:
        got = {key: _value(outcome, fn) for (p, key, fn, _), outcome in zip(keyed, run.outcomes) if p is plot}
        ref = None
        if reference and plot.reference and reference_available():
            ref = reference_values(config.reference, {key: prog for (p, key, _, _), prog in zip(keyed, encoded)
                                                      if p is plot})
        figures.append(_figure(plot, got, ref, out_dir))
    return figures


def show(exercise: str, task: str | None = None, file: str | None = None) -> list:
    """The notebook front end: picture the functions this notebook defined (or ``file``) and show the
    figures inline with their captions. Never raises: a notebook kernel must survive it."""
    import warnings

    from .errors import CourseError
    from .notebook import _in_jupyter, load_course, submission_from_kernel
    from .runner import Target

    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        return []  # grading a class's notebooks: pictures only cost time there
    if task is not None and not plots_for(exercise, task):
        print(f"nnlab: no picture of {task} in {exercise}")
        return []
    try:
        course = load_course()
        course.exercise(exercise)
        path, _ = submission_from_kernel(exercise, file)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            figures = figures_for(exercise, Target(files=[path]), task=task, course=course)
    except CourseError as exc:
        print(f"nnlab: {exc}")
        return []
    except Exception as exc:  # a bug in nnlab must not take the student's kernel down
        print(f"nnlab: internal error: {type(exc).__name__}: {exc}")
        return []
    if not figures:
        print(f"nnlab: no picture of {task or exercise} yet")
    for fig in figures:
        if fig.path and _in_jupyter():
            from IPython.display import Image, Markdown, display

            display(Image(filename=fig.path), Markdown(f"*{fig.caption}*"))
        elif fig.path:
            print(f"{fig.path}\n  {fig.caption}")
        for line in fig.problems:
            print(f"  - {line}")
    return figures


def reference_available() -> bool:
    return importlib.util.find_spec("reference") is not None


def reference_values(modules: list, programs: dict) -> dict:
    """The reference's outputs on encoded cases (trusted code, in this process)."""
    from .pipeline import reference_namespace, run_reference

    namespace = reference_namespace(modules)
    values = {}
    for key, (program, arrays) in programs.items():
        try:
            values[key] = run_reference(program, arrays, namespace)
        except Exception as exc:  # a reference bug must not hide the student's picture
            values[key] = Missing(f"the reference failed here ({type(exc).__name__})")
    return values


def _value(outcome, functions: str):
    if outcome.ok:
        return outcome.value
    return Missing(_why(outcome.error, functions))


def _why(error: dict, functions: str) -> str:
    """One line: which function and what happened (the child's words only for the student's own error)."""
    from .results import clean_text

    kind = error.get("kind", "")
    names = functions.split("/")
    said = str(error.get("message", "")).strip()
    who = said if kind in ("not_implemented", "missing") and said in names else " / ".join(names)
    if kind == "not_implemented":
        return f"{who} is not implemented yet"
    if kind == "missing":
        return f"{who} is missing from your file"
    if kind.startswith("load_") or kind in ("syntax", "import", "forbidden"):
        return "your file could not be loaded (run nnlab check to see why)"
    if kind == "bad_output":
        return f"{who} returned something that is not numbers ({clean_text(said)[:120]})"
    if kind == "timeout":
        return f"{who} took too long"
    last = clean_text(said.splitlines()[-1] if said else kind)[:160]
    return f"{who} raised an error: {last}"


def _figure(plot: Plot, got: dict, ref: dict | None, out_dir: str) -> Figure:
    """The figure of one plot; NumPy's and matplotlib's warnings about a student's odd values (NaN,
    a flat range) are expected here and stay out of the terminal."""
    import warnings

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return _drawn(plot, got, ref, out_dir)


def _drawn(plot: Plot, got: dict, ref: dict | None, out_dir: str) -> Figure:
    problems = sorted({v.line for v in got.values() if isinstance(v, Missing)})
    try:
        data = plot.compute(got, ref)
    except Exception as exc:  # a student output of an unexpected shape or type
        return Figure(plot.name, None, plot.caption, problems or [f"{plot.name}: cannot picture your output ({exc})"])
    problems += sorted({v.line for v in data.values() if isinstance(v, Missing)} - set(problems))
    if all(isinstance(v, Missing) for v in data.values()):
        return Figure(plot.name, None, plot.caption, problems, data)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{plot.name}.png")
    plt = pyplot()
    try:
        fig = plot.draw(data)
    except Exception as exc:  # values matplotlib cannot draw (a student's inf or nan in odd places)
        return Figure(plot.name, None, plot.caption, problems + [f"{plot.name}: cannot draw your output ({exc})"], data)
    try:
        fig.savefig(path)
    finally:
        plt.close(fig)
    return Figure(plot.name, path, plot.caption, problems, data)


def pyplot():
    """matplotlib's pyplot on the Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    return plt


def _note(ax, text: str) -> None:
    """A panel that has no data: say why in it."""
    import textwrap

    ax.text(0.5, 0.5, textwrap.fill(text, 30), ha="center", va="center", fontsize=9, color="tab:red",
            transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _flat(value, size: int | None = None) -> np.ndarray:
    a = np.asarray(value, dtype=float).reshape(-1)
    if size is not None and a.size != size:
        raise ValueError(f"expected {size} numbers, got {a.size}")
    return a


def _many(fn: str, args_list: list) -> Case:
    """One case calling ``fn`` once per argument tuple; its output is the list of results."""
    calls = [Call(fn, args) for args in args_list]
    return Case(calls, [Out(i) for i in range(len(calls))])


def _series(value, n: int) -> np.ndarray:
    """A list of n scalars from a ``_many`` case."""
    if isinstance(value, list):
        return np.array([float(np.asarray(v, dtype=float).reshape(())) for v in value])
    return _flat(value, n)


def _sigmoid(z):
    """The logistic function for the plots' inputs, written via tanh (exact, never overflows)."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


# =========================================================================== exercise1: gates and XOR

GATES = ("and", "or", "nand", "nor")
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "nor": [1, 0, 0, 0], "xor": [0, 1, 1, 0]}
GRID_N = 81
_AXIS = np.linspace(-0.25, 1.25, GRID_N)
GRID = np.array([[a, b] for b in _AXIS for a in _AXIS])  # row-major image: x1 varies fastest


def _gate_cases() -> dict:
    cases = {g: ("gate_weights", call("gate_weights", g)) for g in GATES}
    cases["xor_grid"] = ("xor_network", call("xor_network", GRID))
    cases["xor_corners"] = ("xor_network", call("xor_network", CORNERS))
    return cases


def _gate_compute(got: dict, ref) -> dict:
    data = {}
    for g in GATES:
        value = got[g]
        if isinstance(value, Missing):
            data[g] = value
            continue
        try:
            w, b = _flat(value[0], 2), float(_flat(value[1], 1)[0])
        except (TypeError, ValueError, IndexError, KeyError):
            data[g] = Missing(f"gate_weights({g!r}) must return (w of shape (2,), b a number)")
            continue
        score = GRID @ w
        score = score + b
        corner_score = CORNERS @ w
        corner_score = corner_score + b
        data[g] = {"region": (score >= 0).astype(float), "corners": (corner_score >= 0).astype(float),
                   "truth": np.array(TRUTH[g], dtype=float)}
    grid, corners = got["xor_grid"], got["xor_corners"]
    if isinstance(grid, Missing) or isinstance(corners, Missing):
        data["xor"] = grid if isinstance(grid, Missing) else corners
    else:
        try:
            data["xor"] = {"region": _flat(grid, len(GRID)), "corners": _flat(corners, 4),
                           "truth": np.array(TRUTH["xor"], dtype=float)}
        except ValueError:
            data["xor"] = Missing("xor_network must return one 0/1 prediction per row, shape (m,)")
    return data


def _gate_draw(data: dict):
    plt = pyplot()
    fig, axes = plt.subplots(1, 5, figsize=(15, 3.6), dpi=90)
    for ax, name in zip(axes, [*GATES, "xor"]):
        panel = data[name]
        ax.set_title(name.upper() + (" (your xor_network)" if name == "xor" else " (your gate_weights)"), fontsize=10)
        if isinstance(panel, Missing):
            _note(ax, panel.line)
            continue
        image = panel["region"].reshape(GRID_N, GRID_N)
        ax.imshow(image, origin="lower", extent=(-0.25, 1.25, -0.25, 1.25), cmap="Blues", vmin=-0.3, vmax=1.3,
                  interpolation="nearest")
        right = panel["corners"] == panel["truth"]
        for (x1, x2), want, ok in zip(CORNERS, panel["truth"], right):
            ax.plot(x1, x2, "o", markersize=13, markerfacecolor="black" if want else "white",
                    markeredgecolor="black" if ok else "tab:red", markeredgewidth=2.5 if ok else 3.5)
            if not ok:
                ax.plot(x1, x2, "x", color="tab:red", markersize=18, markeredgewidth=3)
        ax.set_xlabel(f"x1   ({int(right.sum())}/4 rows of the truth table right)", fontsize=9)
        ax.set_ylabel("x2")
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    fig.suptitle("Shaded: where your network outputs 1.  Dots: the truth table (black = should be 1, "
                 "white = should be 0; red cross = wrong)", fontsize=10)
    fig.tight_layout()
    return fig


register(Plot("exercise1", "gates", ("gate_weights", "xor_network"),
              "Each panel shades where your gate (or XOR network) outputs 1 over [0,1]²; every black dot should "
              "sit in the shaded region and every white dot outside it, and no single straight boundary can do "
              "that for XOR.",
              _gate_cases, _gate_compute, _gate_draw))


# =========================================================================== exercise2: derivatives

Z_CURVE = np.linspace(-4.0, 4.0, 400)  # an even count: z = 0 (the ReLU kink) is not on the grid
H = 1e-5
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def _derivative_cases() -> dict:
    cases = {}
    for name in ACTIVATIONS:
        prime = name + "_prime"
        cases[prime] = (prime, call(prime, Z_CURVE))
        if name != "sigmoid":  # the forward of sigmoid is exercise1's: the plot uses its own
            calls = [Call(name, (Z_CURVE,)), Call(name, (Z_CURVE + H,)), Call(name, (Z_CURVE - H,))]
            cases[name] = (name, Case(calls, (Out(0), Out(1), Out(2))))
    return cases


def _derivative_compute(got: dict, ref) -> dict:
    n = len(Z_CURVE)
    data = {}
    for name in ACTIVATIONS:
        prime = got[name + "_prime"]
        if name == "sigmoid":
            forward = (_sigmoid(Z_CURVE), _sigmoid(Z_CURVE + H), _sigmoid(Z_CURVE - H))
        elif isinstance(got[name], Missing):
            forward = got[name]
        else:
            forward = tuple(_flat(v, n) for v in got[name])
        if isinstance(prime, Missing):
            data[name] = prime
            continue
        yours = _flat(prime, n)
        panel = {"z": Z_CURVE, "yours": yours}
        if isinstance(forward, Missing):
            panel["note"] = forward.line + ": no finite-difference curve"
        else:
            panel["forward"] = forward[0]
            panel["slope"] = (forward[1] - forward[2]) / (2 * H)
            panel["max_gap"] = np.array(np.max(np.abs(yours - panel["slope"])))
        data[name] = panel
    return data


def _derivative_draw(data: dict):
    plt = pyplot()
    fig, axes = plt.subplots(1, 4, figsize=(15, 3.8), dpi=90)
    for ax, name in zip(axes, ACTIVATIONS):
        panel = data[name]
        if isinstance(panel, Missing):
            ax.set_title(f"{name}_prime", fontsize=10)
            _note(ax, panel.line)
            continue
        z = panel["z"]
        if "forward" in panel:
            ax.plot(z, panel["forward"], color="0.7", linewidth=1, label=f"your {name}" if name != "sigmoid" else name)
            ax.plot(z, panel["slope"], color="tab:orange", linewidth=5, alpha=0.45,
                    label="finite-difference slope")
        ax.plot(z, panel["yours"], "--", color="tab:blue", linewidth=1.8, label=f"your {name}_prime")
        title = f"{name}_prime"
        if "max_gap" in panel:
            title += f": max gap {float(panel['max_gap']):.1e}"
        else:
            ax.text(0.02, 0.02, panel["note"], transform=ax.transAxes, fontsize=8, color="tab:red")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("z")
        ax.axhline(0, color="0.85", linewidth=0.8, zorder=0)
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig


register(Plot("exercise2", "derivatives", ("sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
                                           "leaky_relu", "leaky_relu_prime"),
              "Your derivative (dashed) should lie on the thick finite-difference slope of the function "
              "everywhere; a gap shows where your formula and your function disagree.",
              _derivative_cases, _derivative_compute, _derivative_draw))

EPSILONS = np.geomspace(1e-12, 1e-1, 23)
X0 = 1.0  # d/dx sin at 1 = cos(1)


def _epsilon_cases() -> dict:
    return {method: ("numerical_derivative",
                     Case([Call("numerical_derivative", (Fn("sin"), X0), {"eps": float(e), "method": method})
                           for e in EPSILONS], [Out(i) for i in range(len(EPSILONS))]))
            for method in ("forward", "central")}


def _epsilon_compute(got: dict, ref) -> dict:
    data = {}
    for method, value in got.items():
        if isinstance(value, Missing):
            data[method] = value
            continue
        estimate = _series(value, len(EPSILONS))
        data[method] = {"eps": EPSILONS, "error": np.abs(estimate - np.cos(X0))}
    return data


def _epsilon_draw(data: dict):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 4.5), dpi=90)
    for method, colour in (("forward", "tab:red"), ("central", "tab:blue")):
        panel = data[method]
        if isinstance(panel, Missing):
            ax.plot([], [], color=colour, label=f"{method}: {panel.line}")
            continue
        ax.loglog(panel["eps"], np.maximum(panel["error"], 1e-17), "o-", color=colour, markersize=3,
                  label=f"your numerical_derivative, method={method!r}")
    e = EPSILONS
    ax.loglog(e, 0.5 * e, ":", color="tab:red", alpha=0.6, label="slope 1 (error ~ eps)")
    ax.loglog(e, 0.2 * e**2, ":", color="tab:blue", alpha=0.6, label="slope 2 (error ~ eps²)")
    ax.set(xlabel="eps", ylabel="|estimate - cos(1)|", title="Error of d/dx sin(x) at x = 1", ylim=(1e-17, 1))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


register(Plot("exercise2", "epsilon", ("numerical_derivative",),
              "Going left, the forward difference's error should fall along the slope-1 line and the central "
              "one's along the slope-2 line, until rounding error makes both rise again at very small eps.",
              _epsilon_cases, _epsilon_compute, _epsilon_draw))


# =========================================================================== exercise3: softmax and losses

LOGITS = np.array([3.0, 1.0, 0.2, -1.0])
TEMPERATURES = np.geomspace(1e-3, 1e2, 61)


def _temperature_cases() -> dict:
    return {"softmax": ("softmax", call("softmax", LOGITS[None, :] / TEMPERATURES[:, None]))}


def _temperature_compute(got: dict, ref) -> dict:
    value = got["softmax"]
    if isinstance(value, Missing):
        return {"softmax": value}
    probs = np.asarray(value, dtype=float).reshape(len(TEMPERATURES), len(LOGITS))
    return {"softmax": {"T": TEMPERATURES, "probs": probs, "row_sums": probs.sum(axis=1)}}


def _temperature_draw(data: dict):
    plt = pyplot()
    panel = data["softmax"]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=90)
    colours = ("tab:red", "tab:orange", "tab:green", "tab:blue")
    for j, colour in enumerate(colours):
        ax.semilogx(panel["T"], panel["probs"][:, j], color=colour, linewidth=2, label=f"class {j} (logit {LOGITS[j]:g})")
    ax.axhline(1 / len(LOGITS), color="0.6", linestyle=":", label="1/K (uniform)")
    bad = ~np.isfinite(panel["probs"]).all(axis=1) | (np.abs(panel["row_sums"] - 1) > 1e-6)
    if bad.any():
        for t in panel["T"][bad]:
            ax.axvline(t, color="tab:red", alpha=0.15, linewidth=4)
        ax.plot([], [], color="tab:red", alpha=0.3, linewidth=4, label="rows not summing to 1 (or NaN)")
    ax.set(xlabel="temperature T (softmax of logits / T)", ylabel="your softmax probability", ylim=(-0.03, 1.03),
           title=f"softmax({LOGITS.tolist()} / T)")
    ax.legend(fontsize=8, loc="center right")
    fig.tight_layout()
    return fig


register(Plot("exercise3", "softmax_temperature", ("softmax",),
              "As T shrinks your softmax should become one-hot on the largest logit (without NaNs even at "
              "T = 0.001, where the logits reach 3000), and as T grows every class should approach 1/K.",
              _temperature_cases, _temperature_compute, _temperature_draw))

Z_LOSS = np.linspace(-20.0, 20.0, 121)
ERRORS = np.linspace(-3.0, 3.0, 61)
LOSS_PANELS = {  # panel -> [(case key, label)]
    "binary_cross_entropy_from_logits": [("bce_logits_1", "y = 1"), ("bce_logits_0", "y = 0")],
    "binary_cross_entropy": [("bce_1", "y = 1, p = sigmoid(z)"), ("bce_0", "y = 0, p = sigmoid(z)")],
    "sparse_categorical_cross_entropy": [("scce", "y = 0, logits [z, 0, 0]")],
    "categorical_cross_entropy": [("cce", "y = [1, 0], p = [sigmoid(z), 1 - sigmoid(z)]")],
    "log_softmax": [("log_softmax", "log_softmax([z, 0, 0])[0]")],
    "mse / mae": [("mse", "mse(0, e)"), ("mae", "mae(0, e)")],
}


def _loss_cases() -> dict:
    s = _sigmoid(Z_LOSS)
    one, zero = np.array([1.0]), np.array([0.0])
    return {
        "bce_logits_1": ("binary_cross_entropy_from_logits",
                         _many("binary_cross_entropy_from_logits", [(one, np.array([z])) for z in Z_LOSS])),
        "bce_logits_0": ("binary_cross_entropy_from_logits",
                         _many("binary_cross_entropy_from_logits", [(zero, np.array([z])) for z in Z_LOSS])),
        "bce_1": ("binary_cross_entropy", _many("binary_cross_entropy", [(one, np.array([p])) for p in s])),
        "bce_0": ("binary_cross_entropy", _many("binary_cross_entropy", [(zero, np.array([p])) for p in s])),
        "scce": ("sparse_categorical_cross_entropy",
                 _many("sparse_categorical_cross_entropy", [(np.array([0]), np.array([[z, 0.0, 0.0]])) for z in Z_LOSS])),
        "cce": ("categorical_cross_entropy",
                _many("categorical_cross_entropy", [(np.array([[1.0, 0.0]]), np.array([[p, 1.0 - p]])) for p in s])),
        "log_softmax": ("log_softmax", call("log_softmax", np.c_[Z_LOSS, np.zeros((len(Z_LOSS), 2))])),
        "mse": ("mse", _many("mse", [(zero, np.array([e])) for e in ERRORS])),
        "mae": ("mae", _many("mae", [(zero, np.array([e])) for e in ERRORS])),
    }


def _loss_curve(key: str, value):
    if isinstance(value, Missing):
        return value
    if key == "log_softmax":
        return np.asarray(value, dtype=float).reshape(len(Z_LOSS), 3)[:, 0]
    return _series(value, len(ERRORS) if key in ("mse", "mae") else len(Z_LOSS))


def _loss_compute(got: dict, ref) -> dict:
    data = {}
    for panel, keys in LOSS_PANELS.items():
        curves = {}
        for key, label in keys:
            yours = _loss_curve(key, got[key])
            if isinstance(yours, Missing):
                curves = yours
                break
            curve = {"x": ERRORS if key in ("mse", "mae") else Z_LOSS, "yours": yours, "label": label}
            if ref is not None and not isinstance(ref.get(key), Missing):
                curve["reference"] = _loss_curve(key, ref[key])
            curves[key] = curve
        data[panel] = curves
    return data


def _loss_draw(data: dict):
    plt = pyplot()
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5), dpi=90)
    colours = ("tab:blue", "tab:orange")
    for ax, (panel, curves) in zip(axes.flat, data.items()):
        ax.set_title(panel, fontsize=10)
        if isinstance(curves, Missing):
            _note(ax, curves.line)
            continue
        for colour, (key, curve) in zip(colours, curves.items()):
            if "reference" in curve:
                ax.plot(curve["x"], curve["reference"], color="0.2", linewidth=5, alpha=0.25,
                        label="reference" if key == next(iter(curves)) else None)
            ax.plot(curve["x"], curve["yours"], color=colour, linewidth=1.6, label="yours: " + curve["label"])
        ax.set_xlabel("e (prediction - target)" if panel == "mse / mae" else "z (logit)")
        ax.legend(fontsize=7)
    fig.suptitle("Your losses across logits" + ("  (thick grey: the reference on the same inputs)"
                                                 if any("reference" in c for cs in data.values()
                                                        if not isinstance(cs, Missing) for c in cs.values())
                                                 else "  (the reference is not part of the handout)"), fontsize=11)
    fig.tight_layout()
    return fig


register(Plot("exercise3", "losses", ("log_softmax", "categorical_cross_entropy", "sparse_categorical_cross_entropy",
                                      "binary_cross_entropy", "binary_cross_entropy_from_logits", "mse", "mae"),
              "Each loss should grow without bound as the logit turns against the label (linearly for the "
              "from-logits losses, flattening at -log(1e-7) ≈ 16.1 where probabilities are clipped) and "
              "follow the reference curve wherever one is shown.",
              _loss_cases, _loss_compute, _loss_draw, reference=True))


# =========================================================================== exercise4: gradient checks

CORRECT_BELOW, WRONG_ABOVE = 1e-7, 1e-2
GC_DIRECTIONS = 3


def _gc_entries() -> list:
    """(label, forward, backward or None, args, params, dout) for every gradient the exercise computes."""
    rng = np.random.default_rng(4)

    def away(shape):
        return rng.uniform(0.1, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)

    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    sizes = (4, 6, 5, 3)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(0, 0.5, size=(n_in, n_out))
        params[f"b{i}"] = rng.normal(0, 0.1, size=n_out)
    names = [k for i in range(1, len(sizes)) for k in (f"W{i}", f"b{i}")]
    return [
        ("dense", "dense_forward", "dense_backward", (x, W, b),
         [Param("x", (0,), (0,)), Param("W", (1,), (1,)), Param("b", (2,), (2,))], rng.normal(size=(4, 2))),
        ("relu", "relu_forward", "relu_backward", (away((5, 4)),), [Param("x", (0,), ())], rng.normal(size=(5, 4))),
        ("sigmoid", "sigmoid_forward", "sigmoid_backward", (rng.normal(0, 2, size=(5, 3)),),
         [Param("x", (0,), ())], rng.normal(size=(5, 3))),
        ("softmax_cross_entropy", "softmax_cross_entropy", None, (rng.normal(0, 2, size=(5, 4)), rng.integers(0, 4, 5)),
         [Param("logits", (0,), ())], None),
        ("bce_with_logits", "bce_with_logits", None, (rng.normal(0, 2, size=7), rng.integers(0, 2, 7).astype(float)),
         [Param("z", (0,), ())], None),
        ("mlp_loss_and_grads", "mlp_loss_and_grads", None, (rng.normal(size=(6, 4)), rng.integers(0, 3, 6), params),
         [Param(n, (2, n), (n,)) for n in names], None),
    ]


def _gc_cases() -> dict:
    rng = np.random.default_rng(40)
    cases = {}
    for label, forward, backward, args, params, dout in _gc_entries():
        fns = forward + (f"/{backward}" if backward else "")
        cases[label] = (fns, gradient_case(forward, args, params, rng, backward=backward, dout=dout,
                                           directions=GC_DIRECTIONS))
    return cases


def parameter_errors(got, case: Case, params: list, backward: bool, h: float = 1e-5,
                     directions: int = GC_DIRECTIONS) -> dict:
    """{parameter: worst relative error over the directions} of a ``gradient_case``'s output; inf where
    the gradient is missing or has the wrong shape (the same measure as the graded checks)."""
    grads, values = got
    dout = case.calls[1].args[0] if backward else None
    first = 2 if backward else 1
    errors, k = {}, 0
    for p in params:
        base = np.asarray(_get(case.calls[0].args, p.arg), dtype=float)
        try:
            g = np.asarray(_get(grads, p.grad), dtype=float)
        except (KeyError, IndexError, TypeError, ValueError):
            g = None
        worst = np.inf
        if g is not None and g.shape == base.shape:
            worst = 0.0
            for j in range(directions):
                plus, minus = case.calls[first + k + 2 * j].args, case.calls[first + k + 2 * j + 1].args
                v = (np.asarray(_get(plus, p.arg)) - np.asarray(_get(minus, p.arg))) / (2 * h)
                lp, lm = (float(np.sum(np.asarray(values[k + 2 * j + s]) * (1.0 if dout is None else dout)))
                          for s in (0, 1))
                numeric = (lp - lm) / (2 * h)
                worst = max(worst, directional_error(float(np.sum(g * v)), numeric,
                                                     float(np.linalg.norm(g) * np.linalg.norm(v))))
        errors[p.name] = worst
        k += 2 * directions
    return errors


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _gc_compute(got: dict, ref) -> dict:
    cases = {label: case for label, (_, case) in _gc_cases().items()}
    data = {}
    for label, _, backward, _, params, _ in _gc_entries():
        value = got[label]
        if isinstance(value, Missing):
            data[label] = value
            continue
        errors = parameter_errors(value, cases[label], params, bool(backward))
        data[label] = {"names": [p.name for p in params], "errors": np.array(list(errors.values()))}
    return data


def _gc_draw(data: dict):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(12, 5.5), dpi=90)
    labels, heights, colours, x = [], [], [], 0
    notes = []
    for group, panel in data.items():
        if isinstance(panel, Missing):
            notes.append((x, panel.line))
            labels.append(f"{group} (no data)")
            heights.append(np.nan)
            colours.append("white")
            x += 1
            continue
        for name, err in zip(panel["names"], panel["errors"]):
            labels.append(f"{group}: {name}")
            heights.append(err)
            colours.append("tab:green" if err <= CORRECT_BELOW else "tab:orange" if err <= WRONG_ABOVE else "tab:red")
            x += 1
    shown = np.where(np.isfinite(heights), np.clip(np.nan_to_num(heights, nan=1e-16), 1e-16, None), 1.0)
    bars = ax.bar(range(len(heights)), shown, color=colours, edgecolor="black", linewidth=0.6)
    for i, h in enumerate(heights):
        if np.isinf(h):
            bars[i].set_hatch("//")
            ax.text(i, 1.5, "missing or\nwrong shape", ha="center", fontsize=7)
    for i, line in notes:
        ax.text(i, 1e-12, line, rotation=90, ha="center", va="bottom", fontsize=7, color="tab:red")
    ax.set_yscale("log")
    ax.set_ylim(1e-16, 10)
    ax.axhline(CORRECT_BELOW, color="tab:green", linestyle="--", label=f"correct below {CORRECT_BELOW:g}")
    ax.axhline(WRONG_ABOVE, color="tab:red", linestyle="--", label=f"wrong above {WRONG_ABOVE:g}")
    ax.set_xticks(range(len(labels)), labels, fontsize=8, rotation=35, ha="right")
    ax.set_ylabel("relative error vs finite differences")
    ax.set_title("Your backward passes checked against finite differences of your own forward passes", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


register(Plot("exercise4", "gradient_check", ("dense_backward", "relu_backward", "sigmoid_backward",
                                              "softmax_cross_entropy", "bce_with_logits", "mlp_loss_and_grads"),
              "Every bar should be green, below the 1e-7 line; a red bar names the parameter whose gradient "
              "disagrees with the finite differences of your own forward pass.",
              _gc_cases, _gc_compute, _gc_draw))


# =========================================================================== exercise5: optimizer paths

# The bowl and runs of reference/numpy/plots.py (exercises/exercise5/optimizers.png), repeated here
# because a handout has no reference package: f(w) = 0.5 w^T A w, ten times steeper along w1.
BOWL = np.array([[10.0, 0.0], [0.0, 1.0]])
START = np.array([-1.5, 2.5])
OPTIMIZER_RUNS = [
    ("sgd", {"learning_rate": 0.15}, "tab:gray"),
    ("sgd_momentum", {"learning_rate": 0.02, "momentum": 0.9}, "tab:blue"),
    ("nesterov", {"learning_rate": 0.02, "momentum": 0.9}, "tab:cyan"),
    ("adagrad", {"learning_rate": 0.5}, "tab:green"),
    ("rmsprop", {"learning_rate": 0.05}, "tab:orange"),
    ("adam", {"learning_rate": 0.2}, "tab:red"),
]
OPT_STEPS = 40


def _path_case(rule: str, config: dict, steps: int = OPT_STEPS) -> Case:
    """``steps`` updates of ``rule`` on the bowl, unrolled: the grader's gradient, then the student's update,
    each update fed the config the previous one returned."""
    grad = Fn("quadratic_grad", {"A": BOWL, "c": np.zeros(2)})
    calls, w, cfg = [], START, dict(config)
    for _ in range(steps):
        calls.append(Call("callables.apply", (grad, w)))
        calls.append(Call(rule, (w, Out(len(calls) - 1), cfg)))
        w, cfg = Out(len(calls) - 1, 0), Out(len(calls) - 1, 1)
    return Case(calls, [Out(i, 0) for i in range(1, len(calls), 2)])


def _path_cases() -> dict:
    return {rule: (rule, _path_case(rule, config)) for rule, config, _ in OPTIMIZER_RUNS}


def _path(value) -> np.ndarray:
    steps = np.array([_flat(w, 2) for w in value]) if isinstance(value, list) else np.asarray(value, dtype=float)
    return np.vstack([START, steps.reshape(OPT_STEPS, 2)])


def _path_compute(got: dict, ref) -> dict:
    data = {}
    for rule, _, _ in OPTIMIZER_RUNS:
        if isinstance(got[rule], Missing):
            data[rule] = got[rule]
            continue
        panel = {"yours": _path(got[rule])}
        if ref is not None and not isinstance(ref.get(rule), Missing):
            panel["reference"] = _path(ref[rule])
        data[rule] = panel
    return data


def _bowl(ax, title: str) -> None:
    x1, x2 = np.meshgrid(np.linspace(-2.0, 2.0, 200), np.linspace(-1.0, 3.0, 200))
    height = np.einsum("...i,ij,...j->...", np.stack([x1, x2], axis=-1), BOWL, np.stack([x1, x2], axis=-1)) / 2
    ax.contour(x1, x2, height, levels=np.geomspace(0.02, 25, 14), colors="0.8", linewidths=0.8)
    ax.scatter([START[0]], [START[1]], marker="s", color="black", zorder=3, label=None)
    ax.scatter([0.0], [0.0], marker="*", s=150, color="black", zorder=3)
    ax.set(xlabel="w1 (steep: curvature 10)", ylabel="w2 (shallow: curvature 1)", xlim=(-2, 2), ylim=(-1, 3), title=title)
    ax.set_aspect("equal")


def _settings(config: dict) -> str:
    """"lr=0.02, momentum=0.9": a run's hyper-parameters for the legend."""
    short = {"learning_rate": "lr"}
    parts = [f"{short.get(key, key)}={value:g}" for key, value in config.items()]
    return ", ".join(parts)


def _path_draw(data: dict):
    plt = pyplot()
    with_ref = any(not isinstance(p, Missing) and "reference" in p for p in data.values())
    fig, axes = plt.subplots(1, 2 if with_ref else 1, figsize=(13 if with_ref else 7, 6), dpi=90, squeeze=False)
    _bowl(axes[0, 0], f"Your update rules, {OPT_STEPS} steps each")
    if with_ref:
        _bowl(axes[0, 1], "The reference, same settings")
    for rule, config, colour in OPTIMIZER_RUNS:
        panel = data[rule]
        settings = _settings(config)
        if isinstance(panel, Missing):
            axes[0, 0].plot([], [], color=colour, label=f"{rule}: {panel.line}")
            continue
        p = np.clip(panel["yours"], -10, 10)  # a diverging path stays on the page as a line off the edge
        axes[0, 0].plot(p[:, 0], p[:, 1], "--o" if rule == "adagrad" else "-o", color=colour, markersize=2.5,
                        linewidth=1.3, label=f"{rule} ({settings})")
        if "reference" in panel:
            r = panel["reference"]
            axes[0, 1].plot(r[:, 0], r[:, 1], "--o" if rule == "adagrad" else "-o", color=colour, markersize=2.5,
                            linewidth=1.3, label=rule)
    for ax in axes[0]:
        ax.legend(loc="upper right", fontsize=7, framealpha=0.95)
    fig.tight_layout()
    return fig


register(Plot("exercise5", "optimizer_paths", tuple(rule for rule, _, _ in OPTIMIZER_RUNS),
              "Each of your update rules should walk from the square to the star much like the reference's "
              "(exercises/exercise5/optimizers.png): plain SGD zig-zags across the steep w1 direction, momentum "
              "overshoots and curls in, and Adam, RMSprop and Adagrad first move diagonally.",
              _path_cases, _path_compute, _path_draw, reference=True))


# =========================================================================== exercise6: regularization

# The grader trains a linear classifier (squared error on one-hot targets, plain gradient descent)
# on 40 digits, where it overfits, with the student's dropout masks on its inputs and the student's
# L2 gradient on its weights; 500 other digits are the validation set.
N_TRAIN, N_VAL, REG_STEPS = 40, 500, 400
DROP_RATE, L2_LAM = 0.3, 0.05
REG_RUNS = [("no regularization", False, False, "tab:red"), (f"dropout {DROP_RATE:g}", True, False, "tab:blue"),
            (f"L2 {L2_LAM:g}", False, True, "tab:green"), ("dropout and L2", True, True, "tab:purple")]
L2_PROBE = np.random.default_rng(66).normal(size=(64, 10))


def _digits_subset():
    """(X_train, Y_train, X_val, Y_val): pixels scaled to [0, 1], one-hot targets; None without scikit-learn."""
    try:
        from sklearn.datasets import load_digits  # bundled with scikit-learn: no download
    except ImportError:
        return None
    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    idx = np.random.default_rng(6).permutation(len(X))
    train, val = idx[:N_TRAIN], idx[N_TRAIN:N_TRAIN + N_VAL]
    onehot = np.eye(10)
    return X[train], onehot[y[train]], X[val], onehot[y[val]]


def _regularization_cases() -> dict:
    ones = np.ones((N_TRAIN, 64))
    masks = Case([Call("dropout_forward", (ones, DROP_RATE, True, Rng(600 + t))) for t in range(REG_STEPS)],
                 [Out(t, 0) for t in range(REG_STEPS)])
    return {"dropout": ("dropout_forward", masks), "l2": ("l2_grad", call("l2_grad", L2_PROBE, L2_LAM))}


def _train_linear(data, keep: list | None, decay: float) -> tuple:
    """Gradient descent on mean squared error; ``keep[t]``: the input multipliers of step t; ``decay``:
    the weight-decay coefficient c of an L2 gradient c * W. Returns (train losses, val losses) per step."""
    Xt, Yt, Xv, Yv = data
    lr = 1.0 / np.linalg.eigvalsh(Xt.T @ Xt / len(Xt)).max()
    W, b = np.zeros((64, 10)), np.zeros(10)
    train, val = [], []
    for t in range(REG_STEPS):
        Xd = Xt if keep is None else Xt * keep[t]
        residual = Xd @ W + b - Yt
        W = W - lr * (np.einsum("mf,mk->fk", Xd, residual) / len(Xt) + decay * W)
        b = b - lr * residual.mean(axis=0)
        train.append(np.mean((Xt @ W + b - Yt) ** 2))
        val.append(np.mean((Xv @ W + b - Yv) ** 2))
    return np.array(train), np.array(val)


def _regularization_compute(got: dict, ref) -> dict:
    data = _digits_subset()
    if data is None:
        gone = Missing("scikit-learn is needed for the digits (pip install -e '.[data]')")
        return {name: gone for name, *_ in REG_RUNS}
    keep = got["dropout"]
    if not isinstance(keep, Missing):
        keep = [_flat(k, N_TRAIN * 64).reshape(N_TRAIN, 64) for k in keep]
    decay = got["l2"]
    if not isinstance(decay, Missing):
        g = _flat(decay, L2_PROBE.size).reshape(L2_PROBE.shape)
        c = float(np.sum(g * L2_PROBE) / np.sum(L2_PROBE**2))
        decay = c if np.allclose(g, c * L2_PROBE, rtol=1e-6, atol=1e-12) else Missing(
            "your l2_grad(W, lam) is not a multiple of W, so it cannot be pictured as weight decay")
    out = {}
    for name, dropout, l2, _ in REG_RUNS:
        missing = [m for m, used in ((keep, dropout), (decay, l2)) if used and isinstance(m, Missing)]
        if missing:
            out[name] = missing[0]
            continue
        train, val = _train_linear(data, keep if dropout else None, decay if l2 else 0.0)
        out[name] = {"train": train, "val": val, "decay": np.array(decay if l2 else 0.0)}
    return out


def _regularization_draw(data: dict):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 5), dpi=90)
    steps = np.arange(1, REG_STEPS + 1)
    for name, _, _, colour in REG_RUNS:
        run = data[name]
        if isinstance(run, Missing):
            ax.plot([], [], color=colour, label=f"{name}: {run.line}")
            continue
        ax.plot(steps, run["val"], color=colour, linewidth=2, label=f"{name}: validation")
        ax.plot(steps, run["train"], "--", color=colour, linewidth=1.2, label=f"{name}: training")
    ax.set(xlabel="gradient-descent step", ylabel="mean squared error", ylim=(0, 0.08),
           title=f"A linear classifier on {N_TRAIN} digits, with your dropout_forward and your l2_grad")
    ax.legend(fontsize=7, ncol=2, loc="upper right")
    fig.tight_layout()
    return fig


register(Plot("exercise6", "regularization", ("dropout_forward", "l2_grad"),
              "Without regularization the validation loss (solid) turns upwards while the training loss (dashed) "
              "keeps falling; with your dropout and your L2 both curves should stay closer together and the "
              "validation loss should not rise.",
              _regularization_cases, _regularization_compute, _regularization_draw))


# =========================================================================== exercise7: learning curves

CURVE_EPOCHS = 12
CURVE_SETTINGS = {"hidden": (25, 15), "lr": 1e-2, "batch_size": 32}


def _digits_split():
    """(X_train, y_train, X_held_out, y_held_out): a fixed 80/20 split of the digits; None without scikit-learn."""
    try:
        from sklearn.datasets import load_digits  # bundled with scikit-learn: no download
    except ImportError:
        return None
    digits = load_digits()
    X, y = digits.data / 16.0, digits.target.astype(np.int64)
    idx = np.random.default_rng(7).permutation(len(X))
    cut = int(0.8 * len(X))
    return X[idx[:cut]], y[idx[:cut]], X[idx[cut:]], y[idx[cut:]]


def _curve_cases() -> dict:
    split = _digits_split()
    if split is None:
        return {}
    X, y = split[0], split[1]
    return {f"epochs_{k}": ("train_mlp", call("train_mlp", X, y, epochs=k, rng=Rng(77), **CURVE_SETTINGS))
            for k in range(1, CURVE_EPOCHS + 1)}


def _logits(X, params: dict) -> np.ndarray:
    """The grader's own forward pass of a params dict (ReLU hidden layers, linear output)."""
    layers = len(params) // 2
    a = X
    for layer in range(1, layers + 1):
        kernel, bias = params[f"W{layer}"], params[f"b{layer}"]
        a = a @ kernel + bias
        a = np.maximum(a, 0.0) if layer < layers else a
    return a


def _scores(X, y, params: dict) -> tuple:
    """(mean cross-entropy, accuracy) of the params on (X, y)."""
    z = _logits(X, params)
    picked = np.take_along_axis(z, y[:, None], axis=1)[:, 0]
    return float(np.mean(np.logaddexp.reduce(z, axis=1) - picked)), float(np.mean(z.argmax(axis=1) == y))


def _curve_compute(got: dict, ref) -> dict:
    split = _digits_split()
    if split is None:
        return {"curves": Missing("scikit-learn is needed for the digits (pip install -e '.[data]')")}
    Xt, yt, Xh, yh = split
    rows = []
    for k in range(1, CURVE_EPOCHS + 1):
        params = got[f"epochs_{k}"]
        if isinstance(params, Missing):
            return {"curves": params}
        if not isinstance(params, dict):
            return {"curves": Missing("train_mlp must return a dict of params {'W1', 'b1', ...}")}
        rows.append((k, *_scores(Xt, yt, params), *_scores(Xh, yh, params)))
    table = np.array(rows)
    return {"curves": {"epoch": table[:, 0], "train_loss": table[:, 1], "train_acc": table[:, 2],
                       "held_out_loss": table[:, 3], "held_out_acc": table[:, 4]}}


def _curve_draw(data: dict):
    plt = pyplot()
    c = data["curves"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), dpi=90)
    left.plot(c["epoch"], c["train_loss"], "o-", color="tab:blue", label="training")
    left.plot(c["epoch"], c["held_out_loss"], "o-", color="tab:orange", label="held-out")
    left.set(xlabel="epochs of your train_mlp", ylabel="cross-entropy", title="Loss", ylim=(0, None))
    right.plot(c["epoch"], c["train_acc"], "o-", color="tab:blue", label="training")
    right.plot(c["epoch"], c["held_out_acc"], "o-", color="tab:orange", label="held-out")
    right.axhline(0.94, color="0.6", linestyle=":", label="0.94 (the grader's bar)")
    right.set(xlabel="epochs of your train_mlp", ylabel="accuracy", title="Accuracy", ylim=(0, 1.02))
    for ax in (left, right):
        ax.legend(fontsize=8)
    fig.suptitle("Your train_mlp on the 8x8 digits, 25-15-10, lr 0.01, batch 32 (one run per epoch count, same seed)",
                 fontsize=10)
    fig.tight_layout()
    return fig


register(Plot("exercise7", "learning_curves", ("train_mlp",),
              "Both losses should fall and both accuracies rise within a few epochs, the held-out accuracy "
              "ending above 0.94 and close to the training accuracy.",
              _curve_cases, _curve_compute, _curve_draw))


# --------------------------------------------------------------------------- exercise8: gradient norms per layer

NORM_DEPTH, NORM_WIDTH, NORM_EXAMPLES, NORM_CLASSES = 10, 32, 64, 10


def _deep_params(activation: str) -> dict:
    """A 10-layer MLP's weights drawn here, with the spread usually paired with each activation
    (std sqrt(1/n_in) for sigmoid, sqrt(2/n_in) for ReLU), so only the activation differs."""
    rng = np.random.default_rng(8)
    sizes = [NORM_WIDTH] * NORM_DEPTH + [NORM_CLASSES]
    gain = 2.0 if activation == "relu" else 1.0
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(gain / n_in), size=(n_in, n_out))
        params[f"b{layer}"] = np.full(n_out, 0.0)
    return params


def _norm_cases() -> dict:
    rng = np.random.default_rng(9)
    X, y = rng.normal(size=(NORM_EXAMPLES, NORM_WIDTH)), rng.integers(0, NORM_CLASSES, NORM_EXAMPLES)
    return {a: ("gradient_norms", call("gradient_norms", _deep_params(a), X, y, a)) for a in ("sigmoid", "relu")}


def _norm_compute(got: dict, ref) -> dict:
    out = {}
    for activation, value in got.items():
        if isinstance(value, Missing):
            out[activation] = value
            continue
        norms = _flat(value)
        if norms.shape != (NORM_DEPTH,):
            out[activation] = Missing(f"gradient_norms returned {norms.size} numbers for {NORM_DEPTH} layers")
            continue
        theirs = None if ref is None or isinstance(ref.get(activation), Missing) else _flat(ref[activation])
        out[activation] = {"layer": np.arange(1, NORM_DEPTH + 1), "norms": norms, "reference": theirs,
                           "first_over_last": float(norms[0] / norms[-1]) if norms[-1] > 0 else float("nan")}
    return out


def _norm_draw(data: dict):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=90)
    for activation, colour in (("sigmoid", "tab:orange"), ("relu", "tab:green")):
        panel = data.get(activation)
        if not isinstance(panel, dict):
            continue
        ax.semilogy(panel["layer"], np.maximum(panel["norms"], 1e-300), "-o", color=colour,
                    label=f"your {activation} net (layer 1 / layer {NORM_DEPTH}: {panel['first_over_last']:.1e})")
        if panel["reference"] is not None:
            ax.semilogy(panel["layer"], panel["reference"], ":", color=colour, label=f"reference, {activation}")
    ax.set(xlabel="layer l (1 = next to the input)", ylabel="||dL/dW_l|| (Frobenius)",
           title=f"Gradient norm per layer, {NORM_DEPTH} layers of {NORM_WIDTH} units")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


register(Plot("exercise8", "gradient_norms", ("gradient_norms",),
              "With sigmoid hidden layers the gradient reaching the first layers should be orders of magnitude "
              "smaller than at the last (vanishing gradients: each sigmoid' is at most 1/4); with ReLU it should "
              "stay within a small factor. That is why the notes pair ReLU with He initialization for deep nets.",
              _norm_cases, _norm_compute, _norm_draw, reference=True))


# --------------------------------------------------------------------------- exercise8: choosing lambda

CURVE_LAMBDAS = tuple(float(v) for v in np.logspace(-6, 2, 9))


def _selection_case() -> Case:
    """exercise8's own model-selection case (degree-9 ridge on noisy sin(3x)): 14 training, 60 validation points."""
    from .exercises.exercise8 import _selection_case as selection_case

    return selection_case(np.random.default_rng(10), CURVE_LAMBDAS, m_train=14, m_val=60)


def _selection_cases() -> dict:
    return {"select": ("select_by_validation", _selection_case())}


def _train_errors() -> np.ndarray:
    """The training error of each candidate, from the grader's own ridge model (what selecting by
    training error would look at)."""
    from .runner import callables

    X_train, y_train = _selection_case().args[3:5]
    fit, error = callables.make("ridge_fit"), callables.make("mse_error")
    return np.array([error(fit(X_train, y_train, lam), X_train, y_train) for lam in CURVE_LAMBDAS])


def _selection_compute(got: dict, ref) -> dict:
    value = got["select"]
    if isinstance(value, Missing):
        return {"select": value}
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return {"select": Missing("select_by_validation must return (best, val_errors)")}
    best, errors = _flat(value[0]), _flat(value[1])
    if best.size != 1 or errors.shape != (len(CURVE_LAMBDAS),):
        return {"select": Missing(f"select_by_validation must return one best candidate and "
                                  f"{len(CURVE_LAMBDAS)} validation errors")}
    reference = None
    if ref is not None and not isinstance(ref.get("select"), Missing):
        reference = _flat(ref["select"][1])
    return {"select": {"lambda": np.array(CURVE_LAMBDAS), "val": errors, "best": float(best[0]),
                       "train": _train_errors(), "reference": reference}}


def _selection_draw(data: dict):
    plt = pyplot()
    panel = data["select"]
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=90)
    ax.loglog(panel["lambda"], panel["train"], "o-", color="tab:blue", label="training error (the grader's fit)")
    ax.loglog(panel["lambda"], panel["val"], "o-", color="tab:orange", label="your validation errors")
    if panel["reference"] is not None:
        ax.loglog(panel["lambda"], panel["reference"], ":", color="tab:orange", label="reference validation errors")
    ax.axvline(panel["best"], color="tab:red", linestyle="--", label=f"your choice: lambda = {panel['best']:.0e}")
    ax.text(0.02, 0.04, "high variance: regularize more", transform=ax.transAxes, fontsize=8, color="0.35")
    ax.text(0.98, 0.04, "high bias: regularize less", transform=ax.transAxes, fontsize=8, color="0.35", ha="right")
    ax.set(xlabel="L2 strength lambda (ridge, degree-9 polynomial, 14 training points)", ylabel="mean squared error",
           title="Choosing lambda on the validation set")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


register(Plot("exercise8", "model_selection", ("model_selection",),
              "The training error only grows with lambda, so choosing by it always picks the weakest regularization; "
              "your choice should sit at the validation curve's minimum, between the high-variance end (more data "
              "or regularization helps) and the high-bias end (a bigger model or less regularization helps), as in "
              "the notes' remedies table.",
              _selection_cases, _selection_compute, _selection_draw, reference=True))
