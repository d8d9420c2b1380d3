"""Pictures from the student's own functions: each plot, drawn from the reference and from a known
mutant, differs where the mistake is (compared on the plotted data, not on pixels); a function that
is not implemented or returns nonsense gives one clear line, never a crash."""

import os
import subprocess
import sys

import numpy as np
import pytest

from graders import course as course_module
from graders import plots
from graders.runner import Target
from graders.targets import reference_target, student_target
from tests.conftest import ROOT

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


def draw(course, tmp_path_factory, exercise, mutant=None, task=None):
    config = course.exercise(exercise)
    if mutant is None:
        target = reference_target(course, config)
    else:
        path = os.path.join(ROOT, "graders", "mutants", exercise, mutant + ".py")
        target = Target(modules=list(config.reference), files=[path], sys_path=[course.root])
    out = str(tmp_path_factory.mktemp(mutant or "reference"))
    return {f.name: f for f in plots.figures_for(exercise, target, task=task, course=course, out_dir=out)}


def assert_png(fig):
    assert fig.path and os.path.getsize(fig.path) > 5_000, fig
    with open(fig.path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert fig.caption.endswith(".") and fig.problems == []


@pytest.fixture(scope="module")
def reference(course, tmp_path_factory):
    return {ex: draw(course, tmp_path_factory, ex) for ex in ("exercise1", "exercise2", "exercise3", "exercise4")}


def test_every_reference_plot_is_a_png_with_a_one_sentence_caption(reference):
    assert sorted(reference) == ["exercise1", "exercise2", "exercise3", "exercise4"]
    for figures in reference.values():
        for fig in figures.values():
            assert_png(fig)
            assert fig.caption.count(". ") == 0, fig.caption


def test_gates_the_reference_gets_every_truth_table_and_a_swapped_gate_shows_the_wrong_corners(course, reference,
                                                                                                  tmp_path_factory):
    ref = reference["exercise1"]["gates"].data
    for name in ("and", "or", "nand", "nor", "xor"):
        np.testing.assert_array_equal(ref[name]["corners"], ref[name]["truth"])
    xor = ref["xor"]["region"].reshape(plots.GRID_N, plots.GRID_N)
    assert xor.min() == 0 and xor.max() == 1  # a band, not a constant
    bad = draw(course, tmp_path_factory, "exercise1", "gate_weights_and_or_swapped")["gates"].data
    np.testing.assert_array_equal(bad["and"]["corners"], plots.TRUTH["or"])
    np.testing.assert_array_equal(bad["or"]["corners"], plots.TRUTH["and"])
    bad = draw(course, tmp_path_factory, "exercise1", "xor_network_or_output")["gates"].data
    assert (bad["xor"]["corners"] != plots.TRUTH["xor"]).any()


def test_derivative_of_a_wrong_tanh_prime_leaves_the_finite_difference_curve(course, reference, tmp_path_factory):
    ref = reference["exercise2"]["derivatives"].data
    for name in plots.ACTIVATIONS:
        assert float(ref[name]["max_gap"]) < 1e-6, name
    bad = draw(course, tmp_path_factory, "exercise2", "tanh_prime_no_square", task="tanh_prime")["derivatives"].data
    assert float(bad["tanh"]["max_gap"]) > 0.1
    np.testing.assert_allclose(bad["tanh"]["slope"], ref["tanh"]["slope"])  # the mistake is the derivative
    assert float(bad["relu"]["max_gap"]) < 1e-6


def test_epsilon_plot_a_central_difference_that_is_really_forward_has_first_order_error(course, reference,
                                                                                        tmp_path_factory):
    ref = reference["exercise2"]["epsilon"].data
    at = list(plots.EPSILONS).index(1e-4) if 1e-4 in plots.EPSILONS else np.argmin(abs(plots.EPSILONS - 1e-4))
    assert ref["central"]["error"][at] < 1e-8 < ref["forward"]["error"][at]
    bad = draw(course, tmp_path_factory, "exercise2", "numerical_derivative_method_ignored")["epsilon"].data
    assert bad["central"]["error"][at] > 1e-6 or bad["forward"]["error"][at] < 1e-8


def test_softmax_without_the_max_shift_breaks_at_low_temperature(course, reference, tmp_path_factory):
    ref = reference["exercise3"]["softmax_temperature"].data["softmax"]
    assert np.isfinite(ref["probs"]).all() and np.allclose(ref["row_sums"], 1)
    np.testing.assert_allclose(ref["probs"][0], [1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(ref["probs"][-1], 0.25, atol=0.02)
    bad = draw(course, tmp_path_factory, "exercise3", "softmax_no_max_shift", task="softmax")
    probs = bad["softmax_temperature"].data["softmax"]["probs"]
    assert np.isnan(probs[0]).any() and np.isfinite(probs[-1]).all()


def test_losses_an_unclipped_bce_leaves_the_reference_where_probabilities_vanish(course, reference, tmp_path_factory):
    ref = reference["exercise3"]["losses"].data
    curve = ref["binary_cross_entropy"]["bce_1"]
    np.testing.assert_allclose(curve["yours"], curve["reference"])
    assert curve["yours"][0] == pytest.approx(-np.log(1e-7), rel=1e-6)  # clipped at z = -20
    bad = draw(course, tmp_path_factory, "exercise3", "binary_cross_entropy_no_clip", task="binary_cross_entropy")
    curve = bad["losses"].data["binary_cross_entropy"]["bce_1"]
    gap = np.abs(curve["yours"] - curve["reference"])
    assert gap[0] > 3 and gap[len(gap) // 2] < 1e-9  # wrong only where sigmoid(z) < 1e-7


def test_gradient_check_bars_name_the_parameter_with_the_wrong_gradient(course, reference, tmp_path_factory):
    ref = reference["exercise4"]["gradient_check"].data
    for group in ref.values():
        assert (group["errors"] < plots.CORRECT_BELOW).all()
    assert ref["mlp_loss_and_grads"]["names"] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    bad = draw(course, tmp_path_factory, "exercise4", "dense_backward_db_mean")["gradient_check"].data
    errors = dict(zip(bad["dense"]["names"], bad["dense"]["errors"]))
    assert errors["b"] > plots.WRONG_ABOVE and errors["x"] < plots.CORRECT_BELOW and errors["W"] < plots.CORRECT_BELOW
    bad = draw(course, tmp_path_factory, "exercise4", "mlp_loss_and_grads_no_relu_backward")["gradient_check"].data
    errors = dict(zip(bad["mlp_loss_and_grads"]["names"], bad["mlp_loss_and_grads"]["errors"]))
    assert errors["W1"] > plots.WRONG_ABOVE and errors["W3"] < plots.CORRECT_BELOW


def test_the_stub_gives_one_line_per_function_and_no_picture(course, tmp_path):
    figures = plots.figures_for("exercise3", student_target(course, "exercise3"), course=course, out_dir=str(tmp_path))
    assert [f.path for f in figures] == [None, None]
    assert figures[0].problems == ["softmax is not implemented yet"]
    assert "mae is not implemented yet" in figures[1].problems
    assert os.listdir(tmp_path) == []


def test_a_function_returning_nonsense_or_raising_gets_a_line_and_the_rest_is_drawn(course, tmp_path):
    student = tmp_path / "exercise1.py"
    student.write_text("import numpy as np\n"
                       "def gate_weights(name):\n"
                       "    if name == 'or':\n        raise ValueError('no idea')\n"
                       "    if name == 'nor':\n        return 'weights'\n"
                       "    return {'and': (np.array([1., 1.]), -1.5), 'nand': (np.array([-1., -1.]), 1.5)}[name]\n"
                       "def xor_network(x):\n    return np.zeros((len(x), 3))\n")
    (fig,) = plots.figures_for("exercise1", Target(files=[str(student)]), course=course, out_dir=str(tmp_path / "p"))
    assert fig.path and os.path.exists(fig.path)
    assert any(line.startswith("gate_weights raised an error: ValueError: no idea") for line in fig.problems), fig.problems
    assert any(line.startswith("gate_weights returned something that is not numbers") for line in fig.problems)
    assert any("xor_network must return one 0/1 prediction per row" in line for line in fig.problems)
    np.testing.assert_array_equal(fig.data["and"]["corners"], plots.TRUTH["and"])


def test_cli_on_the_stub_prints_not_implemented_lines_without_a_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-m", "graders.cli", "plot", "exercise3"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    assert "softmax is not implemented yet" in out.stdout or ".png" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_cli_plot_of_the_solution_prints_each_path_and_its_caption(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-m", "graders.cli", "plot", "exercise1", "--solution"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == os.path.join(".nnlab", "plots", "exercise1", "solution", "gates.png")
    assert lines[1].strip() == plots.plots_for("exercise1")[0].caption


def test_importing_the_plots_module_does_not_import_matplotlib():
    code = "import sys, graders.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_optimizer_paths_match_the_reference_and_an_ema_momentum_leaves_it(course, tmp_path_factory):
    ref = draw(course, tmp_path_factory, "exercise5")["optimizer_paths"]
    assert_png(ref)
    for rule, _, _ in plots.OPTIMIZER_RUNS:
        path = ref.data[rule]["yours"]
        assert path.shape == (plots.OPT_STEPS + 1, 2)
        np.testing.assert_allclose(path, ref.data[rule]["reference"])
        np.testing.assert_array_equal(path[0], plots.START)
    assert np.linalg.norm(ref.data["adam"]["yours"][-1]) < 0.5 < np.linalg.norm(plots.START)
    from reference.numpy.plots import BOWL, OPTIMIZER_RUNS, START  # the picture in the instructions: the same runs

    np.testing.assert_array_equal(BOWL, plots.BOWL)
    np.testing.assert_array_equal(START, plots.START)
    assert OPTIMIZER_RUNS == plots.OPTIMIZER_RUNS
    bad = draw(course, tmp_path_factory, "exercise5", "sgd_momentum_ema")["optimizer_paths"].data
    gap = np.abs(bad["sgd_momentum"]["yours"] - bad["sgd_momentum"]["reference"]).max(axis=1)
    assert gap[0] == 0 and gap[-1] > 0.05
    np.testing.assert_allclose(bad["adam"]["yours"], bad["adam"]["reference"])


def test_regularization_curves_the_reference_tames_overfitting_and_a_missing_factor_two_changes_only_l2(
        course, tmp_path_factory):
    pytest.importorskip("sklearn")
    ref = draw(course, tmp_path_factory, "exercise6")["regularization"]
    assert_png(ref)
    plain, l2, dropout = (ref.data[name] for name in ("no regularization", f"L2 {plots.L2_LAM:g}",
                                                      f"dropout {plots.DROP_RATE:g}"))
    assert plain["val"][-1] > plain["val"].min() + 0.005  # it overfits: validation turns up
    assert l2["val"][-1] < plain["val"][-1] - 0.005 and dropout["val"][-1] < plain["val"][-1] - 0.003
    assert plain["train"][-1] < l2["train"][-1] and plain["train"][-1] < dropout["train"][-1]
    bad = draw(course, tmp_path_factory, "exercise6", "l2_grad_missing_two")["regularization"].data
    np.testing.assert_allclose(bad["no regularization"]["val"], plain["val"])
    np.testing.assert_allclose(bad[f"dropout {plots.DROP_RATE:g}"]["val"], dropout["val"])
    assert float(l2["decay"]) == pytest.approx(2 * plots.L2_LAM)  # Keras: the gradient of lam * sum(W**2)
    assert float(bad[f"L2 {plots.L2_LAM:g}"]["decay"]) == pytest.approx(plots.L2_LAM)
    assert np.abs(bad[f"L2 {plots.L2_LAM:g}"]["train"] - l2["train"]).max() > 1e-3
    bad = draw(course, tmp_path_factory, "exercise6", "dropout_forward_no_inverted_scaling")["regularization"].data
    assert np.abs(bad[f"dropout {plots.DROP_RATE:g}"]["val"] - dropout["val"]).max() > 1e-3
    np.testing.assert_allclose(bad[f"L2 {plots.L2_LAM:g}"]["val"], l2["val"])
    bad = draw(course, tmp_path_factory, "exercise6", "l2_grad_l1_sign")["regularization"]
    assert "your l2_grad(W, lam) is not a multiple of W, so it cannot be pictured as weight decay" in bad.problems


@pytest.mark.slow
def test_learning_curves_of_the_reference_reach_the_bar_and_gradient_ascent_does_not(course, tmp_path):
    pytest.importorskip("sklearn")
    ref_target = Target(modules=["reference.numpy.training"], sys_path=[course.root])  # no TensorFlow needed
    (ref,) = plots.figures_for("exercise7", ref_target, course=course, out_dir=str(tmp_path / "r"))
    assert_png(ref)
    curves = ref.data["curves"]
    assert curves["held_out_acc"][-1] > 0.9 and curves["train_loss"][-1] < curves["train_loss"][0] / 3
    mutant = os.path.join(ROOT, "graders", "mutants", "exercise7", "train_mlp_gradient_ascent.py")
    bad_target = Target(modules=["reference.numpy.training"], files=[mutant], sys_path=[course.root])
    (bad,) = plots.figures_for("exercise7", bad_target, course=course, out_dir=str(tmp_path / "m"))
    assert bad.data["curves"]["held_out_acc"][-1] < 0.5
    assert bad.data["curves"]["train_loss"][-1] > curves["train_loss"][-1] * 5


def test_the_plots_module_ships_in_the_handout_without_reference_code():
    from graders import leaks

    with open(os.path.join(ROOT, "graders", "plots.py"), encoding="utf-8") as f:
        text = f.read()
    assert leaks.find_leaks({"graders/plots.py": text}, leaks.reference_functions(ROOT)) == []


@pytest.fixture(scope="module")
def exercise8(course, tmp_path_factory):
    return draw(course, tmp_path_factory, "exercise8")


def test_exercise8_the_reference_shows_vanishing_sigmoid_gradients_and_a_validation_minimum(exercise8):
    for fig in exercise8.values():
        assert_png(fig)
    norms = exercise8["gradient_norms"].data
    assert norms["sigmoid"]["first_over_last"] < 1e-3 < 0.1 < norms["relu"]["first_over_last"]
    np.testing.assert_allclose(norms["sigmoid"]["norms"], norms["sigmoid"]["reference"])
    select = exercise8["model_selection"].data["select"]
    assert select["best"] == select["lambda"][np.argmin(select["val"])]
    assert np.all(np.diff(select["train"]) > 0)  # training error only grows with lambda
    assert select["best"] != select["lambda"][0]  # not the weakest regularization


@pytest.mark.parametrize("mutant, check", [
    # a sigmoid slope of sigmoid(z) (not sigmoid(z)(1 - sigmoid(z))) hides the vanishing gradients
    ("gradient_norms_sigmoid_slope_is_sigmoid",
     lambda data: data["gradient_norms"].data["sigmoid"]["first_over_last"] > 1e-3),
    # choosing by training error picks the weakest regularization, off the validation minimum
    ("select_by_training_error",
     lambda data: data["model_selection"].data["select"]["best"] == plots.CURVE_LAMBDAS[0]),
])
def test_exercise8_a_mutant_shows_its_mistake(course, exercise8, tmp_path_factory, mutant, check):
    mutated = draw(course, tmp_path_factory, "exercise8", mutant)
    assert check(mutated) and not check(exercise8)
