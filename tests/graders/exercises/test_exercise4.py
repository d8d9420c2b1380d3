"""exercise4 beyond the common checks (test_all_exercises.py): other correct styles
accepted, a wrong forward costing only its own task, gradient-check messages per parameter."""

import json

from tests.conftest import run_nnlab

# A correct solution written differently from the reference: other caches (dicts, pre-activations),
# loops and einsum, the sigmoid derivative from x, a one-hot matrix, a recursive MLP, a vectorised
# gradient_check perturbing copies.
OTHER_STYLE = '''
import numpy as np


def dense_forward(x, W, b):
    out = np.einsum("mi,io->mo", x, W) + b[None, :]
    return out, {"x": np.array(x), "W": np.array(W)}


def dense_backward(dout, cache):
    x, W = cache["x"], cache["W"]
    db = np.zeros(W.shape[1])
    for row in dout:                      # sum over the batch with a loop
        db = db + row
    return np.einsum("mo,io->mi", dout, W), np.einsum("mi,mo->io", x, dout), db


def relu_forward(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.0), {"mask": x > 0}


def relu_backward(dout, cache):
    dx = np.array(dout, dtype=float)      # a copy: dout itself stays untouched
    dx[~cache["mask"]] = 0.0
    return dx


def sigmoid_forward(x):
    x = np.asarray(x, dtype=float)
    out = np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + exp(-x)) via logaddexp
    return out, x                          # cache the pre-activation


def sigmoid_backward(dout, cache):
    s = np.exp(-np.logaddexp(0.0, -cache))
    return dout * s * (1 - s)


def softmax_cross_entropy(logits, y):
    z = np.asarray(logits, dtype=float)
    m, k = z.shape
    onehot = np.eye(k)[np.asarray(y, dtype=int)]
    lse = np.logaddexp.reduce(z, axis=1, keepdims=True)
    p = np.exp(z - lse)
    return float(np.sum(onehot * (lse - z)) / m), (p - onehot) / m


def bce_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    y = np.reshape(y, z.shape)
    loss = np.logaddexp(0.0, z) - y * z
    p = 0.5 * (1.0 + np.tanh(0.5 * z))     # sigmoid via tanh
    return float(loss.sum() / z.size), (p - y) / z.size


def _layers(params):
    n = 1
    while f"W{n + 1}" in params:
        n += 1
    return n


def mlp_forward(X, params, layer=1):
    z = X @ params[f"W{layer}"] + params[f"b{layer}"]
    if layer == _layers(params):
        return z
    return mlp_forward(np.maximum(z, 0.0), params, layer + 1)   # recursion over the layers


def mlp_loss_and_grads(X, y, params):
    L = _layers(params)
    acts, pre = [np.asarray(X, dtype=float)], []
    for l in range(1, L + 1):
        pre.append(acts[-1] @ params[f"W{l}"] + params[f"b{l}"])
        acts.append(np.maximum(pre[-1], 0.0) if l < L else pre[-1])
    loss, dz = softmax_cross_entropy(acts[-1], y)
    grads = {}
    for l in range(L, 0, -1):
        grads["W" + str(l)] = acts[l - 1].T @ dz
        grads["b" + str(l)] = dz.sum(axis=0)
        if l > 1:
            dz = (dz @ params[f"W{l}"].T) * (pre[l - 2] > 0)
    return loss, grads


def gradient_check(f, x, analytic_grad, eps=1e-5):
    x = np.asarray(x, dtype=float)
    flat = x.ravel()
    numeric = np.empty(flat.size)
    for i in range(flat.size):
        step = np.zeros(flat.size)
        step[i] = eps
        numeric[i] = (f((flat + step).reshape(x.shape)) - f((flat - step).reshape(x.shape))) / (2 * eps)
    a = np.ravel(analytic_grad)
    return max(abs(ai - ni) / max(1e-8, abs(ai) + abs(ni)) for ai, ni in zip(a, numeric))
'''

TASKS = {"dense_forward": 1, "dense_backward": 2, "relu_forward": 1, "relu_backward": 1, "sigmoid_forward": 1,
         "sigmoid_backward": 1, "softmax_cross_entropy": 2, "bce_with_logits": 2, "mlp_forward": 2,
         "mlp_loss_and_grads": 3, "gradient_check": 2}


def _check(path, *extra):
    result = run_nnlab("check", "exercise4", "--file", path, "--json", *extra)
    return result, json.loads(result.stdout)


def _tasks(data):
    return {t["name"]: t for t in data["tasks"]}


def test_a_correct_solution_in_another_style_gets_full_marks_including_hidden_tests(write):
    result, data = _check(write("mine.py", OTHER_STYLE), "--hidden")
    assert result.returncode == 0, [t for t in data["tasks"] if t["score"] < t["max_score"]]
    assert data["score"] == data["max_score"] == sum(TASKS.values())


def test_a_wrong_forward_costs_only_its_own_task(write):
    """dense_forward without the bias, with a correct backward: the gradient check of the backward
    would see db != 0 against a forward without b, so it must stand aside (the forward's task reports it)."""
    source = OTHER_STYLE.replace('out = np.einsum("mi,io->mo", x, W) + b[None, :]', 'out = x @ W')
    assert source != OTHER_STYLE
    _, data = _check(write("nobias.py", source), "--hidden")
    tasks = _tasks(data)
    assert tasks["dense_forward"]["score"] == 0
    assert all(t["score"] == t["max_score"] for name, t in tasks.items() if name != "dense_forward")


def test_gradient_check_names_the_wrong_layer(write):
    """A backward that forgets layer 1's ReLU mask: the MLP's gradient check says W1 and b1 are wrong,
    and the later layers are fine."""
    source = OTHER_STYLE.replace("dz = (dz @ params[f\"W{l}\"].T) * (pre[l - 2] > 0)",
                                 "dz = (dz @ params[f\"W{l}\"].T) * (pre[l - 2] > 0 if l > 2 else 1.0)")
    assert source != OTHER_STYLE
    _, data = _check(write("mask.py", source))
    test = next(t for t in _tasks(data)["mlp_loss_and_grads"]["tests"] if t["name"].startswith("gradient check"))
    assert not test["passed"]
    wrong, fine = test["message"].split("wrong: ")[1].split("; fine: ")
    assert "W1" in wrong and "b1" in wrong and "W2" not in wrong
    assert "W2" in fine and "b2" in fine
    assert test["hint"]
    assert _tasks(data)["mlp_loss_and_grads"]["score"] == 0
    assert sum(t["score"] for t in data["tasks"]) == sum(TASKS.values()) - TASKS["mlp_loss_and_grads"]


def test_gradient_check_of_a_layer_reports_each_parameter(write):
    source = OTHER_STYLE.replace('np.einsum("mi,mo->io", x, dout), db', '2 * np.einsum("mi,mo->io", x, dout), db')
    _, data = _check(write("dw2.py", source))
    task = _tasks(data)["dense_backward"]
    grad_test = next(t for t in task["tests"] if t["name"].startswith("gradient check"))
    assert "wrong: W " in grad_test["message"] and "fine: x " in grad_test["message"] and "b " in grad_test["message"]
    compare_test = task["tests"][0]
    assert "off by a factor of 2" in compare_test["message"]
