"""The instructions teach: every task of every exercise has its own section (a heading that starts with
the task's function name, as ``nnlab assign``/``release`` split them), each section holds a worked
example (a line starting with ``**Worked example``), and a table of the numbers those examples quote
is recomputed here with the reference: the outside oracle that keeps the text honest."""

import math
import re

import numpy as np
import pytest

from graders import pipeline
from graders.assign import heading_function, instruction_sections

EXERCISES = [f"exercise{i}" for i in range(1, 9)]
MARKER = re.compile(r"^\*\*Worked example", re.M)
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)


def _sections(course, exercise):
    tasks = pipeline.load_tasks(course, exercise)
    _, sections, _ = instruction_sections(course, exercise, {t.name: t.functions for t in tasks})
    return tasks, sections


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_task_has_its_own_section_with_a_worked_example(course, exercise):
    tasks, sections = _sections(course, exercise)
    for task in tasks:
        assert task.name in sections, f"{exercise}: no heading starts with {task.functions}"
        text = sections[task.name]
        headings = HEADING.findall(text)
        assert any(heading_function(h, task.functions) for h in headings), (task.name, headings)
        for fn in task.functions:  # a task grading two functions names both in its headings
            assert any(re.search(rf"\b{re.escape(fn)}\b", h) for h in headings), (task.name, fn, headings)
        assert MARKER.search(text), f"{exercise}.{task.name}: no line starting with **Worked example"


# --------------------------------------------------------------------------- the outside oracle


def _fmt(value, spec):
    """Numbers as the text shows them: ``spec`` is a format spec ("g", ".3f", ...) applied to every entry
    (an exact 0 is "0"), lists and arrays in brackets with ", ", tuples in parentheses, and a minus sign
    written as the text writes it (−)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_fmt(v, spec) for v in value) + ")"
    if isinstance(value, list) or (isinstance(value, np.ndarray) and value.ndim > 0):
        return "[" + ", ".join(_fmt(v, spec) for v in value) + "]"
    if isinstance(value, (bool, np.bool_, str)):
        return str(value)
    if float(value) == 0:
        return "0"
    text = format(float(value), spec)
    if re.fullmatch(r"-0(\.0*)?", text):
        text = text[1:]
    return text.replace("-", "−")


def _squash(text):
    return re.sub(r"\s+", "", text).replace("-", "−")


def _ex1():
    from reference.numpy import activations as A
    from reference.numpy import gates as G

    rows = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    W, b = np.array([[1.0, -3, 5], [-2, 4, -6]]), np.array([-1.0, 1, 2])
    w_and, b_and = G.gate_weights("and")
    return [
        ("sigmoid", lambda: A.sigmoid(np.array([-2.0, 0, 2])), ".3f", "[0.119, 0.500, 0.881]"),
        ("step", lambda: A.step(np.array([-0.3, 0, 0.3])), "g", "[0, 1, 1]"),
        ("neuron", lambda: G.neuron(rows, np.array([2.0, 2]), -1.0), ".3f", "[0.269, 0.731, 0.731, 0.953]"),
        ("gate_weights", lambda: G.neuron(rows, np.array([2.0, 2]), -3.0), ".3f", "[0.047, 0.269, 0.269, 0.731]"),
        ("gate_weights", lambda: A.step(rows @ w_and + b_and), "g", "[0, 0, 0, 1]"),
        ("dense", lambda: G.dense(np.array([200.0, 17]), W, b), ".0f", "[1, 0, 1]"),
        ("dense", lambda: G.dense(np.array([1.0, 2]), W, b, "relu"), "g", "[0, 6, 0]"),
        ("xor_network", lambda: G.xor_network(rows), "g", "[0, 1, 1, 0]"),
        ("perceptron_train", lambda: G.perceptron_train(rows, np.array([0.0, 0, 0, 1])), "g", "([2, 1], −3)"),
        ("perceptron_train", lambda: G.perceptron_train(rows, np.array([0.0, 1, 1, 1])), "g", "([1, 1], −1)"),
    ]


def _ex4():
    from reference.numpy import layers as L

    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])
    b = np.array([0.5, -1.0, 0.0])
    dout = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])

    def dense_bwd(i):
        return L.dense_backward(dout, L.dense_forward(x, W, b)[1])[i]

    params = {"W1": np.array([[1.0, -1.0], [1.0, 0.5]]), "b1": np.array([0.0, -1.0]),
              "W2": np.array([[1.0, -1.0], [2.0, 1.0]]), "b2": np.array([0.0, 0.5])}
    X = np.array([[1.0, 2.0]])

    def sq(v):
        return float(np.sum(v ** 2))

    return [
        ("dense_forward", lambda: L.dense_forward(x, W, b)[0][1], "g", "[1.5, −2, −3.5]"),
        ("dense_backward", lambda: dense_bwd(1)[0], "g", "[2.5, 6, −1]"),
        ("dense_backward", lambda: dense_bwd(1)[1], "g", "[1.5, −2, −2]"),
        ("dense_backward", lambda: dense_bwd(0)[1], "g", "[0.5, 3]"),
        ("dense_backward", lambda: dense_bwd(2), "g", "[1.5, 2, −1]"),
        ("sigmoid_backward", lambda: L.sigmoid_backward(np.array([1.0, 1.0, 2.0]),
                                                        L.sigmoid_forward(np.array([0.0, 2.0, -1.0]))[1]),
         ".3g", "[0.25, 0.105, 0.393]"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3]]), np.array([2]))[1][0],
         ".3f", "[0.090, 0.245, −0.335]"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3], [1, 1, 1]]),
                                                                  np.array([2, 0]))[0], ".3f", "0.753"),
        ("softmax_cross_entropy", lambda: L.softmax_cross_entropy(np.array([[1.0, 2, 3], [1, 1, 1]]),
                                                                  np.array([2, 0]))[1][0], ".3f",
         "[0.045, 0.122, −0.167]"),
        ("bce_with_logits", lambda: L.bce_with_logits(np.array([0.0, 2, -1]), np.array([1.0, 1, 0]))[0], ".3f",
         "0.378"),
        ("bce_with_logits", lambda: L.bce_with_logits(np.array([0.0, 2, -1]), np.array([1.0, 1, 0]))[1], ".3f",
         "[−0.167, −0.040, 0.090]"),
        ("mlp_forward", lambda: L.mlp_forward(X, params)[0], "g", "[3, −2.5]"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[0], ".3f", "5.504"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[1]["W1"][1], ".4g",
         "[3.984, 0]"),
        ("mlp_loss_and_grads", lambda: L.mlp_loss_and_grads(X, np.array([1]), params)[1]["b2"], ".4f",
         "[0.9959, −0.9959]"),
        ("gradient_check", lambda: L.gradient_check(sq, np.array([1.0, 2.0]), np.array([2.0, 4.04])), ".4f",
         "0.0050"),
        ("gradient_check", lambda: L.gradient_check(sq, np.array([1.0, 2.0]), np.array([1.0, 2.0])), ".3f",
         "0.333"),
    ]


class _Draws:
    """A stand-in for ``rng`` that draws the numbers a worked example supposes."""

    def __init__(self, u):
        self.u = np.asarray(u, dtype=float)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self.u.reshape(size if size is not None else self.u.shape)


def _ex6():
    from reference.numpy import regularization as R

    W1, W2 = np.array([[1.0, -2.0], [3.0, 0.5]]), np.array([[-1.5], [2.5]])
    fresh = {"mean": np.zeros(1), "var": np.ones(1)}
    x = np.array([[1.0], [2.0], [3.0], [6.0]])

    def bn(gamma, beta):
        return R.batchnorm_forward(x, np.array([gamma]), np.array([beta]), fresh, True)

    def bn_bwd():
        return R.batchnorm_backward(np.array([[1.0], [-1.0], [0.5], [2.0]]), bn(2.0, 0.5)[1])

    mask = R.dropout_forward(np.full(4, 2.0), 0.25, True, _Draws([0.1, 0.7, 0.3, 0.9]))[1]
    return [
        ("l2_penalty", lambda: R.l2_penalty([W1, W2], 0.25), "g", "5.6875"),
        ("l2_grad", lambda: R.l2_grad(W1, 0.25)[1], "g", "[1.5, 0.25]"),
        ("dropout_forward", lambda: R.dropout_forward(np.full(4, 2.0), 0.25, True, _Draws([0.1, 0.7, 0.3, 0.9]))[0],
         ".4g", "[0, 2.667, 2.667, 2.667]"),
        ("dropout_backward", lambda: R.dropout_backward(np.array([1.0, 1.0, -3.0, 0.3]), mask, 0.25), ".4g",
         "[0, 1.333, −4, 0.4]"),
        ("batchnorm_forward", lambda: bn(1.0, 0.0)[0][:, 0], ".4f", "[−1.0689, −0.5344, 0, 1.6033]"),
        ("batchnorm_forward", lambda: bn(2.0, 0.5)[0][:, 0], ".4f", "[−1.6378, −0.5689, 0.5000, 3.7067]"),
        ("batchnorm_forward", lambda: bn(1.0, 0.0)[2]["var"][0], ".4g", "1.025"),
        ("batchnorm_backward", lambda: bn_bwd()[0][:, 0], ".5f", "[1.16411, −1.35531, −0.13361, 0.32481]"),
        ("batchnorm_backward", lambda: bn_bwd()[1][0], ".5g", "2.6722"),
        ("batchnorm_backward", lambda: bn_bwd()[2][0], "g", "2.5"),
        ("early_stopping", lambda: R.early_stopping([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2), "g", "(3, 1)"),
        ("early_stopping", lambda: R.early_stopping([1.0, 0.95, 0.92, 0.7, 0.65, 0.64, 0.63], 3, 0.1), "g",
         "(6, 3)"),
    ]


def _ex5():
    from reference.numpy import optimizers as O

    def run(rule, config, w, grads):
        out = []
        for g in grads:
            w, config = rule(np.asarray(w, dtype=float), np.asarray(g, dtype=float), config)
            out.append(float(w[0]))
        return out

    class Order:
        def permutation(self, m):
            return np.array([3, 0, 4, 1, 2])

    X, y = np.arange(10.0).reshape(5, 2), np.array([10.0, 11, 12, 13, 14])
    return [
        ("sgd", lambda: O.sgd(np.array([1.0, -2.0]), np.array([0.5, -1.0]), {"learning_rate": 0.1})[0], "g",
         "[0.95, −1.9]"),
        ("sgd_momentum", lambda: run(O.sgd_momentum, {"learning_rate": 0.1, "momentum": 0.9}, [1.0], [[1.0]] * 3),
         ".4g", "[0.9, 0.71, 0.439]"),
        ("nesterov", lambda: run(O.nesterov, {"learning_rate": 0.1, "momentum": 0.9}, [1.0], [[1.0]] * 3), ".4g",
         "[0.81, 0.539, 0.1951]"),
        ("adagrad", lambda: run(O.adagrad, {"learning_rate": 0.1}, [1.0], [[1.0]] * 2)[1], ".6f", "0.835647"),
        ("rmsprop", lambda: run(O.rmsprop, {"learning_rate": 0.1}, [10.0], [[10.0]])[0], ".6f", "9.683772"),
        ("adam", lambda: run(O.adam, {"learning_rate": 0.1}, [1.0], [[1.0]] * 3), ".5g", "[0.9, 0.8, 0.7]"),
        ("adam", lambda: run(O.adam, {"learning_rate": 0.1}, [1.0], [[2.0]] * 3), ".5g", "[0.9, 0.8, 0.7]"),
        ("adam", lambda: run(O.adam, {"learning_rate": 0.1}, [1.0], [[1e-6]] * 3), ".5f",
         "[0.97597, 0.94508, 0.90970]"),
        ("minibatches", lambda: O.minibatches(X, y, 2, Order())[1][1], "g", "[14, 11]"),
        ("minibatches", lambda: O.minibatches(X, y, 2, Order())[2][0][0], "g", "[4, 5]"),
        ("optimize", lambda: O.optimize(lambda w: 2 * w, np.array([1.0]), O.sgd, {"learning_rate": 0.25}, 3),
         "g", "[[1], [0.5], [0.25], [0.125]]"),
    ]


def _ex3():
    from reference.numpy import losses as L

    def a(*v):
        return np.array(v, dtype=float)

    return [
        ("softmax", lambda: L.softmax(a(1, 2, 3)), ".3f", "[0.090, 0.245, 0.665]"),
        ("softmax", lambda: L.softmax(a(1001, 1002, 1003)), ".3f", "[0.090, 0.245, 0.665]"),
        ("log_softmax", lambda: L.log_softmax(a(1, 2, 3)), ".3f", "[−2.408, −1.408, −0.408]"),
        ("log_softmax", lambda: L.log_softmax(a(1000, 0, -1000)), "g", "[0, −1000, −2000]"),
        ("categorical_cross_entropy", lambda: L.categorical_cross_entropy(
            np.array([[0.0, 0, 1], [1, 0, 0]]), np.array([[0.090, 0.245, 0.665], [0.2, 0.5, 0.3]])), ".3f", "1.009"),
        ("categorical_cross_entropy", lambda: L.categorical_cross_entropy(np.array([[0.0, 1, 0]]),
                                                                          np.array([[0.5, 0, 0.5]])), ".3f", "16.118"),
        ("sparse_categorical_cross_entropy", lambda: L.sparse_categorical_cross_entropy(
            np.array([2, 0]), np.array([[1.0, 2, 3], [1, 1, 1]])), ".3f", "0.753"),
        ("sparse_categorical_cross_entropy", lambda: L.sparse_categorical_cross_entropy(
            np.array([1]), np.array([[1000.0, 0, 0]])), "g", "1000"),
        ("binary_cross_entropy", lambda: L.binary_cross_entropy(a(1, 0, 1), a(0.9, 0.2, 0.4)), ".3f", "0.415"),
        ("binary_cross_entropy", lambda: L.binary_cross_entropy(a(1, 0), a(0, 1)), ".3f", "16.118"),
        ("binary_cross_entropy_from_logits", lambda: L.binary_cross_entropy_from_logits(a(1, 0, 1), a(2, -1, 0)),
         ".3f", "0.378"),
        ("binary_cross_entropy_from_logits", lambda: L.binary_cross_entropy_from_logits(a(1), a(-40)), ".3f",
         "40.000"),
        ("mse", lambda: L.mse(a(1, 2, 3), a(1.5, 1, 3)), ".4f", "0.4167"),
        ("mae", lambda: L.mae(a(1, 2, 3), a(1.5, 1, 3)), "g", "0.5"),
    ]


def _ex2():
    from reference.numpy import activations as A
    from reference.numpy import derivatives as D

    z = np.array([-2.0, -1, 0, 1, 2])
    return [
        ("numerical_derivative", lambda: D.numerical_derivative(lambda w: w ** 3, 2.0, 0.001, "forward"), ".3f",
         "12.006"),
        ("numerical_derivative", lambda: D.numerical_derivative(lambda w: w ** 3, 2.0, 0.001, "central"), ".6f",
         "12.000001"),
        ("numerical_gradient", lambda: D.numerical_gradient(lambda x: float(x[0] ** 2 + 3 * x[0] * x[1]),
                                                            np.array([1.0, 2.0])), ".6g", "[8, 3]"),
        ("graph_J", lambda: D.graph_J(5, 3, 2), "g", "(33, 3, 6, 9)"),
        ("graph_e", lambda: D.graph_e(2, 1), "g", "(6, 2, 5)"),
        ("graph_e", lambda: D.graph_e(3, -1), "g", "(0, 0, 2)"),
        ("sigmoid_prime", lambda: A.sigmoid_prime(np.array([0.0, 2, -10])), ".3g", "[0.25, 0.105, 4.54e−05]"),
        ("tanh", lambda: A.tanh(np.array([0.0, 1, -2])), ".3f", "[0, 0.762, −0.964]"),
        ("tanh_prime", lambda: A.tanh_prime(np.array([0.0, 1, -2])), ".3g", "[1, 0.42, 0.0707]"),
        ("relu", lambda: A.relu(z), "g", "[0, 0, 0, 1, 2]"),
        ("relu_prime", lambda: A.relu_prime(z), "g", "[0, 0, 0, 1, 1]"),
        ("leaky_relu", lambda: A.leaky_relu(z), "g", "[−0.2, −0.1, 0, 1, 2]"),
        ("leaky_relu_prime", lambda: A.leaky_relu_prime(z), "g", "[0.1, 0.1, 0.1, 1, 1]"),
    ]


def _ex7():
    from reference.numpy import layers as L
    from reference.numpy import training as T

    class Order:
        def permutation(self, m):
            return np.array([4, 9, 1, 0, 2, 3, 5, 6, 7, 8])

    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    params = {"W1": np.array([[1.0, -1.0], [1.0, 0.5]]), "b1": np.array([0.0, -1.0]),
              "W2": np.array([[1.0, -1.0], [2.0, 1.0]]), "b2": np.array([0.0, 0.5])}

    def trained_size():
        rng = np.random.default_rng(0)
        trained = T.train_mlp(rng.random((40, 64)), np.arange(40) % 10, epochs=1, rng=rng)
        return sum(v.size for v in trained.values())

    return [
        ("train_test_split", lambda: T.train_test_split(X, y, 0.25, Order())[3], "g", "[4, 9, 1]"),
        ("train_test_split", lambda: T.train_test_split(X, y, 0.25, Order())[2], "g", "[0, 2, 3, 5, 6, 7, 8]"),
        ("accuracy", lambda: T.accuracy(np.array([[2.0, 1, 0], [0, 3, 1], [1, 0, 2], [-1, -2, -0.5]]),
                                        np.array([0, 2, 2, 0])), "g", "0.5"),
        ("train_mlp", trained_size, "g", "2175"),
        ("build_keras_model", lambda: L.softmax_cross_entropy(np.array([[3.0, -2.5]]), np.array([0]))[0], ".4f",
         "0.0041"),
        ("load_numpy_params", lambda: L.mlp_forward(np.array([[1.0, 2.0]]), params), "g", "[[3, −2.5]]"),
        ("tf_loss_and_grads", lambda: L.mlp_loss_and_grads(np.array([[1.0, 2.0]]), np.array([1]), params)[1]["b1"],
         ".4g", "[1.992, 0]"),
    ]


def _ex8():
    from reference.numpy import initialization as I
    from reference.numpy import losses as Lo
    from reference.numpy import model_selection as S
    from reference.numpy import multilabel as M

    z, Y = np.array([[2.0, -1, 0.5]]), np.array([[1.0, 0, 0]])

    def split_sizes(m, fractions):
        parts = S.train_val_test_split(np.zeros((m, 1)), np.zeros(m), fractions, np.random.default_rng(0))
        return tuple(len(p) for p in parts[3:])

    def fold_sizes():
        return sorted((len(val) for _, val in S.k_fold_indices(10, 3, np.random.default_rng(0))), reverse=True)

    return [
        ("linear_collapse", lambda: I.linear_collapse(np.array([[1.0, 2]]), np.array([1.0, -1]),
                                                      np.array([[3.0], [1]]), np.array([0.5])), "g",
         "The collapsed layer is W = {0}, b = {1}"),
        ("multilabel", lambda: M.multilabel_loss_and_grads(z, Y)[0], ".4f", "0.4714"),
        ("multilabel", lambda: M.multilabel_loss_and_grads(z, Y)[1], ".4f", "[[−0.0397, 0.0896, 0.2075]]"),
        ("multilabel", lambda: M.multilabel_predict(z), "g", "[[1, 0, 1]]"),
        ("splits", lambda: split_sizes(23, (0.7, 0.1, 0.2)), "g",
         "n_val = ceil(2.3) = {1}, n_test = ceil(4.6) = {2} and {0} for training"),
        ("splits", lambda: split_sizes(12, (0.6, 0.2, 0.2)), "g", "m = 12 give {0} + {1} + {2}"),
        ("splits", fold_sizes, "g", "gives folds of {0}, {1} and {2}"),
        ("bias_variance", lambda: (S.diagnose(0.06, 0.20, 0.05, 0.02), S.diagnose(0.15, 0.16, 0.05, 0.02),
                                   S.diagnose(0.20, 0.35, 0.05, 0.02)), "g",
         'J_val = 0.20 is "{0}" (0.14 above the training error); J_train = 0.15, J_val = 0.16 is "{1}" '
         '(0.10 above the baseline); J_train = 0.20, J_val = 0.35 is "{2}"'),
        ("keras_fit_predict", lambda: Lo.softmax(np.array([2.0, 1.0, 0.1])), ".3f", "[0.659, 0.242, 0.099]"),
    ]


ORACLE = {"exercise1": _ex1, "exercise2": _ex2, "exercise3": _ex3, "exercise4": _ex4, "exercise5": _ex5,
          "exercise6": _ex6, "exercise7": _ex7, "exercise8": _ex8}


def _cases():
    for exercise, build in ORACLE.items():
        for i, case in enumerate(build()):
            yield pytest.param(exercise, case, id=f"{exercise}-{case[0]}-{i}")


@pytest.mark.parametrize(("exercise", "case"), list(_cases()))
def test_the_numbers_the_worked_examples_quote_are_the_references(course, exercise, case):
    task, compute, spec, shown = case
    value = compute()
    if "{" in shown:  # a sentence of the text with the reference's numbers in its blanks
        shown = shown.format(*(_fmt(v, spec) for v in value))
    else:
        assert _fmt(value, spec) == shown, f"{exercise}.{task}: the reference gives {_fmt(value, spec)}, the text {shown}"
    _, sections = _sections(course, exercise)
    assert _squash(shown) in _squash(sections[task]), f"{exercise}.{task}: {shown} is not in its section"


def test_the_formatting_of_the_oracle():
    assert _fmt(np.array([-0.0001, 2.5, -1.0]), "g") == "[−0.0001, 2.5, −1]"
    assert _fmt(-0.0001, ".3f") == "0.000"
    assert _fmt((3, 0.0), ".2f") == "(3.00, 0)"
    assert _fmt(math.log(2), ".3f") == "0.693"
