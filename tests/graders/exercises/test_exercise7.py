"""exercise7 graded end to end: the spec's properties, the Keras helpers, and a correct solution
in another style (float32 Keras model, separate ReLU layers, hand-written backprop) at full marks."""

import json
import subprocess
import sys

import numpy as np
import pytest

from graders.exercises import exercise7
from graders.spec import decode, encode
from tests.conftest import ROOT, run_nnlab

OTHER_STYLE = '''
import numpy as np
import tensorflow as tf


def train_test_split(X, y, test_fraction, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    m = X.shape[0]
    n_test = int(np.ceil(test_fraction * m))
    is_test = np.zeros(m, dtype=bool)
    is_test[rng.choice(m, size=n_test, replace=False)] = True      # a mask instead of a permutation
    return X[~is_test], X[is_test], y[~is_test], y[is_test]


def accuracy(logits, y):
    hits = [int(np.argmax(row) == label) for row, label in zip(logits, np.ravel(y))]
    return sum(hits) / len(hits)


class _Adam:                                      # the paper's form, state in an object
    def __init__(self, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t, self.m, self.v = lr, b1, b2, eps, 0, {}, {}

    def step(self, params, grads):
        self.t += 1
        for k in params:
            self.m[k] = self.b1 * self.m.get(k, 0.0) + (1 - self.b1) * grads[k]
            self.v[k] = self.b2 * self.v.get(k, 0.0) + (1 - self.b2) * grads[k] ** 2
            m_hat = self.m[k] / (1 - self.b1 ** self.t)
            v_hat = self.v[k] / (1 - self.b2 ** self.t)
            params[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def train_mlp(X, y, hidden=(25, 15), epochs=20, lr=1e-2, batch_size=32, rng=None):
    rng = rng if rng is not None else np.random.default_rng()
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
    sizes = [X.shape[1], *hidden, y.max() + 1]
    params = {}
    for i in range(len(sizes) - 1):                                 # He-normal initialisation
        params[f"W{i + 1}"] = rng.normal(0, np.sqrt(2 / sizes[i]), (sizes[i], sizes[i + 1]))
        params[f"b{i + 1}"] = np.zeros(sizes[i + 1])
    opt, L = _Adam(lr), len(sizes) - 1
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            acts = [X[idx]]
            for i in range(1, L + 1):
                z = acts[-1] @ params[f"W{i}"] + params[f"b{i}"]
                acts.append(np.maximum(z, 0) if i < L else z)
            p = np.exp(acts[-1] - acts[-1].max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            delta = p
            delta[np.arange(len(idx)), y[idx]] -= 1
            delta /= len(idx)
            grads = {}
            for i in range(L, 0, -1):
                grads[f"W{i}"] = acts[i - 1].T @ delta
                grads[f"b{i}"] = delta.sum(0)
                delta = (delta @ params[f"W{i}"].T) * (acts[i - 1] > 0)
            opt.step(params, grads)
    return params


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    model = tf.keras.Sequential()                                   # float32, separate ReLU layers
    model.add(tf.keras.Input(shape=(n_features,)))
    for units in hidden:
        model.add(tf.keras.layers.Dense(units))
        model.add(tf.keras.layers.ReLU())
    model.add(tf.keras.layers.Dense(n_classes))
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def load_numpy_params(model, params):
    weights = []
    for i in range(1, len(params) // 2 + 1):
        weights += [params["W%d" % i], params["b%d" % i]]
    model.set_weights(weights)


def tf_loss_and_grads(model, X, y):
    x = tf.constant(X, dtype=tf.float32)
    labels = tf.constant(np.ravel(y), dtype=tf.int32)
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    out = {}
    for i in range(len(grads) // 2):
        out["W%d" % (i + 1)] = grads[2 * i].numpy()
        out["b%d" % (i + 1)] = grads[2 * i + 1].numpy()
    return loss.numpy(), out
'''


def _tests(task_name):
    return next(t for t in exercise7.TASKS if t.name == task_name).tests


def _roundtrip(case):
    return decode(*encode(case))  # what the parent judges: the case as stored in fixtures


# --------------------------------------------------------------------------- structure


def test_importing_the_spec_loads_neither_tensorflow_nor_scikit_learn():
    code = ("import sys, graders.exercises.exercise7, graders.runner.callables; "
            "print(sorted(m for m in ('tensorflow', 'keras', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_helper_calls_never_resolve_to_a_students_function():
    from graders.runner import child

    def make(name, **params):
        return {"identity": lambda x: x}[name]

    namespace = {"callables.identity": lambda x: "faked by the student"}  # a student cannot shadow a helper
    case = {"calls": [{"fn": "callables.identity", "args": [{"lit": 3}], "kwargs": {}}], "output": {"ref": [0]}}
    assert child.run_case(case, namespace, None, np, make) == 3


# --------------------------------------------------------------------------- train_test_split property


def _split(X, y, n_test, order):
    test, train = order[:n_test], order[n_test:]
    return [X[train].astype(float), X[test].astype(float), y[train].astype(float), y[test].astype(float)]


def test_split_property_accepts_any_shuffled_partition_and_names_each_mistake():
    rng = np.random.default_rng(0)
    case = _roundtrip(exercise7._split_case(rng, 50, 0.25))
    X, y = case.args[0], case.args[1]
    check = exercise7._split_property
    order = np.random.default_rng(1).permutation(50)
    assert check(_split(X, y, 13, order), case, None) is None
    assert "n_test = ceil(0.25 * 50) = 13" in check(_split(X, y, 12, order), case, None)
    assert "first or last" in check(_split(X, y, 13, np.r_[37:50, 0:37]), case, None)
    detached = _split(X, y, 13, order)
    detached[3] = detached[3][::-1]
    assert "labels no longer match" in check(detached, case, None)
    a, b, c, d = _split(X, y, 13, order)
    assert "shape" in check([a, c, b, d], case, None)  # (X_train, y_train, X_test, y_test)
    # a small set may fairly be the last rows (1 chance in C(10, 3) = 120): never flagged there
    small = _roundtrip(exercise7._split_case(rng, 10, 0.25))
    assert check(_split(small.args[0], small.args[1], 3, np.r_[7:10, 0:7]), small, None) is None


def test_split_property_checks_the_rng_is_used():
    case = _roundtrip(exercise7._split_rng_case(np.random.default_rng(0)))
    X, y = case.args[0], case.args[1]
    one, two = np.random.default_rng(1).permutation(40), np.random.default_rng(2).permutation(40)
    good = [_split(X, y, 10, one), _split(X, y, 10, one), _split(X, y, 10, two)]
    assert exercise7._split_property(good, case, None) is None
    assert "same seed" in exercise7._split_property([good[0], good[2], good[1]], case, None)
    assert "different seeds" in exercise7._split_property([good[0], good[0], good[0]], case, None)


# --------------------------------------------------------------------------- train_mlp property


def test_held_out_property_judges_params_in_the_parent():
    from reference.numpy.training import init_params, train_mlp

    case = _roundtrip(exercise7._train_case(np.random.default_rng(0), (16,)))
    X_train, y_train = case.calls[0].args
    assert X_train.shape == (1437, 64) and case.output[1].shape == (360, 64)
    trained = train_mlp(X_train, y_train, hidden=(16,), epochs=5, rng=np.random.default_rng(0))
    assert exercise7._held_out([trained, None, None], case, None) is None
    untrained = init_params((64, 16, 10), np.random.default_rng(0))
    assert "held-out accuracy" in exercise7._held_out([untrained, None, None], case, None)
    transposed = {**trained, "W1": trained["W1"].T}
    assert "shape (16, 64), expected (64, 16)" in exercise7._held_out([transposed, None, None], case, None)
    assert "keys" in exercise7._held_out([{"W1": trained["W1"]}, None, None], case, None)
    diverged = {**trained, "b2": trained["b2"] * np.nan}
    assert "NaN" in exercise7._held_out([diverged, None, None], case, None)


# --------------------------------------------------------------------------- end to end (TensorFlow in the child)


@pytest.mark.slow
def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise7", "--file", write("mine.py", OTHER_STYLE), "--json", timeout=600)
    data = json.loads(result.stdout)
    assert result.returncode == 0, [(t["name"], [x["message"] for x in t["tests"] if not x["passed"]])
                                    for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == 14


def test_fixtures_are_current_for_the_numpy_tasks(course):
    from graders import fixtures, pipeline

    tasks = [t for t in pipeline.load_tasks(course, "exercise7") if t.name in ("train_test_split", "accuracy")]
    namespace = pipeline.reference_namespace(["reference.numpy.training"])
    stale = fixtures.stale("exercise7", tasks, course.exercise("exercise7").reference, namespace)  # TF tasks: "not in fresh"
    assert [key for key in stale if key.split("/")[0] in ("train_test_split", "accuracy")] == []


FLOAT32_LOAD = '''
import numpy as np

from reference.numpy.training import *  # noqa: F401,F403
from reference.tf.training import *  # noqa: F401,F403


def load_numpy_params(model, params):
    """Correct, in Keras's default dtype: every weight cast to float32 on the way in."""
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    for l, layer in enumerate(dense, start=1):
        layer.set_weights([np.asarray(params[f"W{l}"], dtype=np.float32), np.asarray(params[f"b{l}"], dtype=np.float32)])
    return model
'''


@pytest.mark.slow
def test_a_load_numpy_params_that_casts_to_float32_keeps_its_points(write):
    # The TensorFlow tasks compare at a float32 model's precision (FLOAT32): rounding the weights to
    # float32 moves the logits by ~1e-7, which the float64 tolerance (rtol 1e-6, atol 1e-9) refused.
    result = run_nnlab("check", "exercise7", "--file", write("mine.py", FLOAT32_LOAD), "--json", timeout=600)
    task = next(t for t in json.loads(result.stdout)["tasks"] if t["name"] == "load_numpy_params")
    assert task["score"] == task["max_score"], [x["message"] for x in task["tests"] if not x["passed"]]
