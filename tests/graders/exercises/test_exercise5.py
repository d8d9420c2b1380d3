"""exercise5 beyond the common checks (test_all_exercises.py): other correct styles accepted, the worked numbers hold."""

import json

import numpy as np

from tests.conftest import run_nnlab

OTHER_STYLE = '''
import math
import numpy as np


def _hp(config, **defaults):
    out = dict(defaults)
    out.update(config or {})
    state = dict(out.get("state", {}))       # all state nested in one sub-dict
    return out, state


def sgd(w, dw, config=None):
    hp, _ = _hp(config, learning_rate=0.01)
    return np.subtract(w, np.multiply(hp["learning_rate"], dw)), hp


def sgd_momentum(w, dw, config=None):
    # PyTorch's form v = mu v + g; w -= lr v: the same path as Keras's for a constant learning rate
    hp, st = _hp(config, learning_rate=0.01, momentum=0.9)
    buf = hp["momentum"] * st.get("buf", 0.0) + np.asarray(dw, dtype=float)
    st["buf"] = buf
    hp["state"] = st
    return np.asarray(w, dtype=float) - hp["learning_rate"] * buf, hp


def nesterov(w, dw, config=None):
    # CS231n's form: w += -mu v_prev + (1 + mu) v
    hp, st = _hp(config, learning_rate=0.01, momentum=0.9)
    mu = hp["momentum"]
    v_prev = st.get("v", np.zeros(np.shape(w)))
    v = mu * v_prev - hp["learning_rate"] * np.asarray(dw, dtype=float)
    st["v"] = v
    hp["state"] = st
    return np.asarray(w, dtype=float) - mu * v_prev + (1 + mu) * v, hp


def adagrad(w, dw, config=None):
    hp, st = _hp(config, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)
    g = np.asarray(dw, dtype=float)
    acc = st.get("acc")
    if acc is None:
        acc = np.full(g.shape, float(hp["initial_accumulator_value"]))
    acc = acc + g * g
    st["acc"] = acc
    hp["state"] = st
    return np.asarray(w, dtype=float) - hp["learning_rate"] * g * (acc + hp["epsilon"]) ** -0.5, hp


def rmsprop(w, dw, config=None):
    hp, st = _hp(config, learning_rate=0.001, rho=0.9, epsilon=1e-7)
    g = np.asarray(dw, dtype=float)
    ms = st.get("ms", np.zeros_like(g))
    ms = ms + (1 - hp["rho"]) * (g**2 - ms)          # the leaky-average form
    st["ms"] = ms
    hp["state"] = st
    return np.asarray(w, dtype=float) - hp["learning_rate"] * g / np.sqrt(ms + hp["epsilon"]), hp


def adam(w, dw, config=None):
    # the paper's form, with epsilon converted: eps_paper = eps_hat / sqrt(1 - beta_2**t)
    hp, st = _hp(config, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    b1, b2 = hp["beta_1"], hp["beta_2"]
    g = np.asarray(dw, dtype=float)
    step = st.get("step", 0.0) + 1.0
    m = st.get("m", 0.0) + (g - st.get("m", 0.0)) * (1 - b1)
    v = st.get("v", 0.0) + (g * g - st.get("v", 0.0)) * (1 - b2)
    m_hat, v_hat = m / (1 - b1**step), v / (1 - b2**step)
    eps = hp["epsilon"] / math.sqrt(1 - b2**step)
    hp["state"] = {"step": step, "m": m, "v": v}
    return np.asarray(w, dtype=float) - hp["learning_rate"] * m_hat / (np.sqrt(v_hat) + eps), hp


def minibatches(X, y, batch_size, rng):
    idx = np.arange(len(y))
    rng.shuffle(idx)                                    # the same draws as rng.permutation(m)
    out, start = [], 0
    while start < len(idx):
        take = idx[start:start + batch_size]
        out.append((np.take(X, take, axis=0), np.take(y, take, axis=0)))
        start += batch_size
    return out


def optimize(grad_fn, w0, update, config, steps):
    w0 = np.asarray(w0, dtype=float)
    path = np.empty((steps + 1,) + w0.shape)           # preallocated
    path[0] = w0
    for k in range(1, steps + 1):
        nxt, config = update(path[k - 1], grad_fn(path[k - 1]), config)
        path[k] = nxt
    return path
'''


def test_a_correct_solution_in_another_style_gets_full_marks(write):
    result = run_nnlab("check", "exercise5", "--file", write("mine.py", OTHER_STYLE), "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0, [t for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == 16


def test_epsilon_placement_and_bias_correction_mistakes_get_named_hints(write):
    """A paper-form Adam fails the epsilon-hat test with a hint saying so; an EMA momentum gets the momentum hint."""
    mistakes = OTHER_STYLE.replace('eps = hp["epsilon"] / math.sqrt(1 - b2**step)', 'eps = hp["epsilon"]')
    mistakes = mistakes.replace('buf = hp["momentum"] * st.get("buf", 0.0) + np.asarray(dw, dtype=float)',
                                'buf = hp["momentum"] * st.get("buf", 0.0) + (1 - hp["momentum"]) * np.asarray(dw)')
    assert mistakes.count('eps = hp["epsilon"]\n') == 1 and '(1 - hp["momentum"])' in mistakes
    data = json.loads(run_nnlab("check", "exercise5", "--file", write("mine.py", mistakes), "--json").stdout)
    tasks = {t["name"]: t for t in data["tasks"]}
    assert tasks["adam"]["score"] == 0 and tasks["sgd_momentum"]["score"] == 0
    assert data["score"] == 16 - 3 - 2
    adam_fail = next(t for t in tasks["adam"]["tests"] if not t["passed"])
    assert "epsilon" in adam_fail["name"] and "before the bias correction" in adam_fail["hint"]
    mom_fail = next(t for t in tasks["sgd_momentum"]["tests"] if not t["passed"])
    assert "moving average" in mom_fail["hint"]


def test_public_tests_hold_the_documented_numbers():
    """The worked examples in the test names are what the reference returns (and what the fixtures store)."""
    from graders import fixtures, pipeline
    from graders.course import load
    from tests.conftest import ROOT

    course = load(ROOT)
    tasks = {t.name: t for t in pipeline.load_tasks(course, "exercise5")}
    namespace = pipeline.reference_namespace(course.exercise("exercise5").reference)
    from graders.spec import encode

    def first_public(task, fragment):
        test = next(t for t in tasks[task].tests if fragment in t.name)
        program, arrays = encode(test.build(np.random.default_rng(0)))
        return np.ravel(pipeline.run_reference(program, arrays, namespace))

    np.testing.assert_allclose(first_public("adam", "divergence"), [0.97597, 0.94508, 0.90970], atol=5e-6)
    np.testing.assert_allclose(first_public("rmsprop", "doc example"), [9.683772], atol=1e-6)
    np.testing.assert_allclose(first_public("adagrad", "worked"), [0.904654, 0.835647], atol=1e-6)
    np.testing.assert_allclose(first_public("sgd_momentum", "worked"), [0.9, 0.71, 0.439], rtol=1e-12)
    np.testing.assert_allclose(first_public("nesterov", "worked"), [0.81, 0.539, 0.1951], rtol=1e-12)
    assert fixtures.stale("exercise5", list(tasks.values()), course.exercise("exercise5").reference, namespace) == []
