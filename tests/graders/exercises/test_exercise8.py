"""exercise8 graded end to end: the spec's properties name each mistake, the stub scores 0, a correct
solution in another style (loops, other init draws, another fold order) gets full marks, and the
seven NumPy tasks check in under half a second without TensorFlow."""

import json
import math
import resource
import subprocess
import sys
import time

import numpy as np
import pytest

from graders.exercises import exercise8 as spec
from tests.conftest import ROOT, run_nnlab

OTHER_STYLE = '''
import math

import numpy as np


def linear_collapse(W1, b1, W2, b2):
    n, k = np.shape(W1)[0], np.shape(W2)[1]
    b = np.array(b2, dtype=float)
    W = np.zeros((n, k))
    for j in range(k):                                   # loops instead of matrix products
        for h in range(np.shape(W1)[1]):
            b[j] += b1[h] * W2[h][j]
            for i in range(n):
                W[i, j] += W1[i][h] * W2[h][j]
    return W, b


def init_params(sizes, scheme, rng):
    params = {}
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        if scheme == "zeros":
            W = np.zeros((fan_in, fan_out))
        elif scheme == "normal":
            W = rng.standard_normal((fan_in, fan_out)) / 100
        elif scheme == "glorot_uniform":                  # another draw: 2L u - L with u ~ U[0, 1)
            limit = math.sqrt(6 / (fan_in + fan_out))
            W = (2 * rng.random((fan_out, fan_in)) - 1).T * limit
        else:                                             # Keras's truncated normal, rescaled
            std = math.sqrt(2 / fan_in) / 0.87962566103423978
            W = rng.normal(0, std, (fan_in, fan_out))
            bad = np.abs(W) > 2 * std
            while bad.any():
                W[bad] = rng.normal(0, std, bad.sum())
                bad = np.abs(W) > 2 * std
        params["W%d" % l], params["b%d" % l] = W, np.zeros(fan_out)
    return params


def gradient_norms(params, X, y, activation):
    L = len(params) // 2
    acts, derivs = [np.asarray(X, float)], []
    for l in range(1, L + 1):
        z = acts[-1] @ params["W%d" % l] + params["b%d" % l]
        if l == L:
            acts.append(z)
        elif activation == "sigmoid":
            s = 1 / (1 + np.exp(-np.clip(z, -500, 500)))
            acts.append(s)
            derivs.append(s * (1 - s))
        else:
            acts.append(np.where(z > 0, z, 0.0))
            derivs.append((z > 0).astype(float))
    labels = np.ravel(y).astype(int)
    logits = acts[-1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    delta = (p - np.eye(logits.shape[1])[labels]) / len(labels)
    norms = [0.0] * L
    for l in range(L, 0, -1):
        norms[l - 1] = math.sqrt(float(np.sum((acts[l - 1].T @ delta) ** 2)))
        if l > 1:
            delta = delta @ params["W%d" % l].T * derivs[l - 2]
    return norms                                         # a list, not an array


def multilabel_loss_and_grads(logits, Y):
    z, Y = np.asarray(logits, float), np.asarray(Y, float)
    loss = np.mean(np.logaddexp(0, z) - z * Y)          # log(1 + e^z) - z y, another stable form
    return loss, (1 / (1 + np.exp(-z)) - Y) / Y.size


def multilabel_predict(logits, threshold=0.5):
    return (np.asarray(logits) >= math.log(threshold / (1 - threshold))).astype(int)


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    m = len(X)
    n_val, n_test = math.ceil(fractions[1] * m), math.ceil(fractions[2] * m)
    p = rng.permutation(m)
    test, val, train = p[:n_test], p[n_test:n_test + n_val], p[n_test + n_val:]   # another order
    return X[train], X[val], X[test], y[train], y[val], y[test]


def k_fold_indices(m, k, rng):
    p = rng.permutation(m)
    fold_of = np.arange(m) % k                           # dealt like cards: another fold order
    return [(p[fold_of != j], p[fold_of == j]) for j in reversed(range(k))]


def diagnose(J_train, J_val, baseline, tol):
    words = []
    if J_train - baseline > tol:
        words.append("high bias")
    if J_val - J_train > tol:
        words.append("high variance")
    return " and ".join(words) or "good"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    best, best_error, errors = None, None, []
    for c in candidates:
        e = error(fit(X_train, y_train, c), X_val, y_val)
        errors.append(float(e))
        if best_error is None or e < best_error:
            best, best_error = c, e
    return best, errors


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    import keras

    model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    logits = model.predict(X_test, verbose=0)
    return keras.ops.convert_to_numpy(keras.ops.softmax(logits, axis=-1))
'''

NUMPY_TASKS = ["linear_collapse", "init_params", "gradient_norms", "multilabel", "splits", "bias_variance",
               "model_selection"]


def _task(name):
    return next(t for t in spec.TASKS if t.name == name)


# --------------------------------------------------------------------------- structure


def test_importing_the_spec_and_the_keras_reference_loads_no_tensorflow():
    code = ("import sys, graders.exercises.exercise8, graders.exercises.exercise8_hidden, graders.runner.callables, "
            "reference.tf.model_selection; print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_hidden_tests_live_in_the_hidden_file_only():
    assert all(not t.hidden for task in spec.TASKS for t in task.tests)
    from graders.exercises.exercise8_hidden import HIDDEN

    assert set(HIDDEN) == {t.name for t in spec.TASKS}


# --------------------------------------------------------------------------- properties name the mistakes


def test_init_property_accepts_keras_style_draws_and_names_glorot_with_fan_in_only():
    rng = np.random.default_rng(0)
    sizes = (100, 400)
    limit = math.sqrt(6 / 500)
    good = {"W1": rng.uniform(-limit, limit, sizes), "b1": np.zeros(400)}
    assert spec._check_params(good, sizes, "glorot_uniform") is None
    fan_in_only = {"W1": rng.uniform(-math.sqrt(6 / 100), math.sqrt(6 / 100), sizes), "b1": np.zeros(400)}
    assert "Glorot with fan_in only" in spec._check_params(fan_in_only, sizes, "glorot_uniform")
    normal = {"W1": rng.normal(0, math.sqrt(2 / 500), sizes), "b1": np.zeros(400)}
    assert "beyond the Glorot limit" in spec._check_params(normal, sizes, "glorot_uniform")
    he_out = {"W1": rng.normal(0, math.sqrt(2 / 400), sizes), "b1": np.zeros(400)}
    assert "He with fan_out" in spec._check_params(he_out, sizes, "he_normal")
    assert "not all zeros" in spec._check_params({"W1": good["W1"], "b1": np.ones(400)}, sizes, "glorot_uniform")


def test_split_property_accepts_any_order_of_the_three_pieces_and_names_overlaps():
    rng = np.random.default_rng(1)
    X, y = spec._indexed_data(rng, 23)
    p = rng.permutation(23)
    pieces = [p[:5], p[5:8], p[8:]]                      # test, val, train: another order
    split = [X[pieces[2]], X[pieces[1]], X[pieces[0]], y[pieces[2]], y[pieces[1]], y[pieces[0]]]
    assert spec._check_split(split, X, y, (0.7, 0.1, 0.2)) is None
    q = rng.permutation(23)
    overlapping = [X[p[:15]], X[p[15:18]], X[q[:5]], y[p[:15]], y[p[15:18]], y[q[:5]]]
    assert "overlapping splits" in spec._check_split(overlapping, X, y, (0.7, 0.1, 0.2))


def test_folds_property_names_the_dropped_remainder_and_unshuffled_folds():
    rng = np.random.default_rng(2)
    p = rng.permutation(10)
    dropped = [[np.setdiff1d(p, p[3 * j:3 * j + 3]), p[3 * j:3 * j + 3]] for j in range(3)]
    assert "drop the remainder" in spec._check_folds(dropped, 10, 3)
    blocks = np.array_split(np.arange(40), 4)
    in_order = [[np.concatenate(blocks[:j] + blocks[j + 1:]), b] for j, b in enumerate(blocks)]
    assert "shuffle" in spec._check_folds(in_order, 40, 4)


def test_held_out_property_recomputes_the_labels_in_the_parent():
    case = spec._fit_case(np.random.default_rng(3))
    X_test = case.calls[1].args[3]
    y_test = spec._labels(X_test, spec._centres(3, 4))
    perfect = np.eye(3)[y_test] * 0.9 + 0.1 / 3
    assert spec._held_out(perfect, case, None) is None
    assert "not 1" in spec._held_out(perfect * 0.5, case, None)  # a sigmoid per class: rows need not sum to 1
    assert "held-out accuracy" in spec._held_out(np.roll(perfect, 1, axis=1), case, None)
    assert "logits" in spec._held_out(np.log(perfect) * 3, case, None)


def test_diagnosis_property_says_which_words_came_back():
    case = spec._diagnose_case(0.15, 0.16, 0.05, 0.02)(None)
    assert spec._diagnosis_property(np.array(1.0), case, np.array(1.0)) is None
    assert "returned 'high variance'; expected 'high bias'" in spec._diagnosis_property(np.array(2.0), case,
                                                                                       np.array(1.0))


# --------------------------------------------------------------------------- end to end


def test_the_stub_scores_zero_quickly(course):
    result = run_nnlab("check", "exercise8", "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["score"] == 0
    assert all(t["message"] == "not implemented yet" for task in data["tasks"] for t in task["tests"])


def test_the_numpy_tasks_check_in_under_half_a_second_without_tensorflow(write):
    numpy_only = OTHER_STYLE.split("def keras_fit_predict")[0] + (
        "def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):\n"
        "    raise NotImplementedError('keras_fit_predict')\n")
    path = write("numpy_only.py", numpy_only)
    run_nnlab("check", "exercise8", "--file", path, "--json")  # warm the OS file cache
    times, cpu = [], []
    for _ in range(3):
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        result = run_nnlab("check", "exercise8", "--file", path, "--json")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(time.perf_counter() - start)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    data = json.loads(result.stdout)
    scores = {t["name"]: (t["score"], t["max_score"]) for t in data["tasks"]}
    assert all(scores[name][0] == scores[name][1] for name in NUMPY_TASKS), scores
    assert scores["keras_fit_predict"][0] == 0
    # CPU seconds of nnlab and its grading child: what the check costs, whatever else the machine runs.
    # (Importing TensorFlow alone costs several CPU seconds.) On an idle machine the wall time is the same.
    assert min(cpu) < 0.5, (cpu, times)


@pytest.mark.slow
def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise8", "--file", write("mine.py", OTHER_STYLE), "--json", timeout=600)
    data = json.loads(result.stdout)
    lost = {t["name"]: [x["message"] for x in t["tests"] if not x["passed"]] for t in data["tasks"]
            if t["score"] < t["max_score"]}
    assert result.returncode == 0 and not lost, lost


@pytest.mark.slow
def test_the_solution_gets_full_marks_on_public_and_hidden_tests():
    result = run_nnlab("check", "exercise8", "--solution", "--hidden", "--json", timeout=600)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["score"] == data["max_score"] == 17
