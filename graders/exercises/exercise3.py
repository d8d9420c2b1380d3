"""exercise3: softmax and losses — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Public tests use the stored fixtures; the hidden ones live in ``exercise3_hidden.py`` (not in the handout).
"""

import numpy as np

from graders.spec import Task, Test, call, with_hints


def _logits(rng, m, k, scale=3.0):
    return rng.normal(0.0, scale, size=(m, k))


def _probs(rng, m, k):
    e = np.exp(rng.normal(0.0, 1.5, size=(m, k)))
    return e / e.sum(axis=1, keepdims=True)


def _onehot(labels, k):
    return np.eye(k)[labels]


def _huge_logits(rng):
    """Rows around +1000 and -1000, and one with a 2000 spread: exp overflows without a max-shift."""
    base = rng.normal(0.0, 5.0, size=(3, 4))
    return base + np.array([[1000.0], [-1000.0], [0.0]]) + np.array([[0, 0, 0, 0], [0, 0, 0, 0], [1000, 0, -1000, 0]])


SHIFT = "subtract each row's max before exp: exp(1000) overflows to inf and inf/inf is NaN"
AXIS = "normalise each example (row) over its classes: axis=-1 with keepdims=True"
MEAN = "Keras losses are the mean over examples, not the sum"
CCE = "sum over classes, then the mean over examples (Keras): not a sum over examples, not a mean over all entries"

softmax = Task("softmax", [
    Test("batch of 5 examples, 4 classes", lambda rng: call("softmax", _logits(rng, 5, 4)), hint=AXIS),
    Test("square batch (4, 4): rows, not columns", lambda rng: call("softmax", _logits(rng, 4, 4)), hint=AXIS),
    Test("1-D input (one example)", lambda rng: call("softmax", rng.normal(0, 2, size=6)),
         hint="a 1-D z is a single example: normalise over its only axis (axis=-1 works for both)"),
    Test("batch of one (1, 3)", lambda rng: call("softmax", _logits(rng, 1, 3)), hint=AXIS),
    Test("huge logits (|z| ~ 1000)", lambda rng: call("softmax", _huge_logits(rng)), hint=SHIFT),
    Test("rows of very different scale", lambda rng: call("softmax", np.array([[1000.0, 999.0, 998.0], [-5.0, 0.0, 5.0]])),
         hint="subtract each row's max before exp, each row its own max (keepdims=True), not the max of the "
              "whole array", specific=True),
    Test("degenerate: constant rows (3, 4) give 1/4 each", lambda rng: call("softmax", np.full((3, 4), 2.0)),
         hint=AXIS),
])

log_softmax = Task("log_softmax", [
    Test("batch of 5 examples, 4 classes", lambda rng: call("log_softmax", _logits(rng, 5, 4)),
         hint="log_softmax(z) = (z - max) - log(sum(exp(z - max))) over each row"),
    Test("1-D input (one example)", lambda rng: call("log_softmax", rng.normal(0, 2, size=5)),
         hint="a 1-D z is a single example: reduce over axis=-1"),
    Test("huge logits (|z| ~ 1000)", lambda rng: call("log_softmax", _huge_logits(rng)), hint=SHIFT),
    Test("a 2000 spread: log of an underflowed probability", lambda rng: call("log_softmax", np.array([[1000.0, 0.0, -1000.0]])),
         hint="log(softmax(z)) takes log(0) = -inf when a probability underflows; "
              "compute (z - max) - logsumexp directly", specific=True),
    Test("square batch (3, 3): rows, not columns", lambda rng: call("log_softmax", _logits(rng, 3, 3)), hint=AXIS),
    Test("degenerate: constant rows (3, 4) give log(1/4)", lambda rng: call("log_softmax", np.full((3, 4), 2.0)),
         hint=AXIS),
])


def _cce_case(rng, m=6, k=4):
    labels = rng.integers(0, k, size=m)
    return call("categorical_cross_entropy", _onehot(labels, k), _probs(rng, m, k))


def _cce_zero_prob(rng):
    p = np.array([[0.0, 0.3, 0.7], [0.2, 0.8, 0.0], [1.0, 0.0, 0.0]])
    y = _onehot(np.array([0, 1, 0]), 3)
    return call("categorical_cross_entropy", y, p)


categorical_cross_entropy = Task("categorical_cross_entropy", [
    Test("batch of 6, one-hot labels", _cce_case, hint=CCE + "; labels come first: loss(y_true, y_pred)"),
    Test("batch of one", lambda rng: _cce_case(rng, m=1, k=5), hint="-sum(y * log p) over classes, then the mean over examples"),
    Test("1-D input (one example)", lambda rng: call("categorical_cross_entropy", _onehot(np.array(2), 4), _probs(rng, 1, 4)[0]),
         hint="a 1-D y and p are one example: sum over the last axis, then take the mean"),
    Test("a probability of exactly 0 (clipping)", lambda rng: _cce_zero_prob(rng),
         hint="clip p to [1e-7, 1 - 1e-7] before the log, as Keras does: log(0) is -inf", specific=True),
    Test("many classes (batch of 4, 10 classes)", lambda rng: _cce_case(rng, m=4, k=10),
         hint=CCE),
])


def _scce_case(rng, m=6, k=4, scale=3.0):
    return call("sparse_categorical_cross_entropy", rng.integers(0, k, size=m), _logits(rng, m, k, scale))


def _scce_huge(rng):
    logits = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0], [5.0, 1000.0, -3.0]])
    return call("sparse_categorical_cross_entropy", np.array([2, 0, 1]), logits)


sparse_categorical_cross_entropy = Task("sparse_categorical_cross_entropy", [
    Test("batch of 6, integer labels", _scce_case, hint="loss_i = -log_softmax(z_i)[y_i]; " + MEAN),
    Test("batch of one", lambda rng: _scce_case(rng, m=1, k=3), hint="pick the true class's log-probability for each row"),
    Test("huge logits, true class far below the max", _scce_huge,
         hint="work from logits: -log(softmax) underflows to -log(0) = inf; use log_softmax "
              "(z - max - log sum exp(z - max))"),
    Test("labels given as shape (m, 1)",
         lambda rng: call("sparse_categorical_cross_entropy", rng.integers(0, 5, size=(4, 1)), _logits(rng, 4, 5)),
         hint="Keras accepts labels of shape (m,) or (m, 1): flatten y before indexing (y.reshape(-1))"),
    Test("labels 0 and K-1 (no off-by-one)",
         lambda rng: call("sparse_categorical_cross_entropy", np.array([0, 3, 0, 3]), _logits(rng, 4, 4)),
         hint="labels are 0-based class indices: row i uses column y[i]"),
])


def _bce_case(rng, m=8, column=False):
    y = rng.integers(0, 2, size=m).astype(float)
    p = rng.uniform(0.05, 0.95, size=m)
    if column:
        y, p = y[:, None], p[:, None]
    return call("binary_cross_entropy", y, p)


binary_cross_entropy = Task("binary_cross_entropy", [
    Test("batch of 8 probabilities", _bce_case, hint="-mean(y log p + (1 - y) log(1 - p)); labels come first"),
    Test("column vectors (m, 1)", lambda rng: _bce_case(rng, 5, column=True), hint=MEAN),
    Test("probabilities of exactly 0 and 1 (clipping)",
         lambda rng: call("binary_cross_entropy", np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 0.0])),
         hint="clip p to [1e-7, 1 - 1e-7] (Keras's epsilon) before the logs"),
    Test("batch of one", lambda rng: call("binary_cross_entropy", np.array([1.0]), np.array([0.3])),
         hint="both terms: y log p for y = 1 and (1 - y) log(1 - p) for y = 0"),
    Test("all-negative labels", lambda rng: call("binary_cross_entropy", np.zeros(5), rng.uniform(0.1, 0.9, 5)),
         hint="the (1 - y) log(1 - p) term is what counts when y = 0"),
])


def _bcel_case(rng, m=8, scale=3.0):
    return call("binary_cross_entropy_from_logits", rng.integers(0, 2, size=m).astype(float), rng.normal(0, scale, size=m))


binary_cross_entropy_from_logits = Task("binary_cross_entropy_from_logits", [
    Test("batch of 8 logits", _bcel_case, hint="mean(max(z, 0) - z*y + log(1 + exp(-|z|)))"),
    Test("huge logits, both signs (|z| = 1000)",
         lambda rng: call("binary_cross_entropy_from_logits", np.array([1.0, 0.0, 0.0, 1.0]), np.array([1000.0, -1000.0, 1000.0, -1000.0])),
         hint="never form sigmoid(z) and take its log: use max(z, 0) - z*y + log1p(exp(-|z|)), "
              "whose exp never overflows"),
    Test("confidently wrong logits (z = +-40)",
         lambda rng: call("binary_cross_entropy_from_logits", np.array([0.0, 1.0]), np.array([40.0, -40.0])),
         hint="the loss of a confident wrong answer is about |z| = 40; clipping probabilities caps it near 16"),
    Test("column vectors (m, 1)", lambda rng: call("binary_cross_entropy_from_logits",
                                                    rng.integers(0, 2, size=(5, 1)).astype(float), rng.normal(0, 2, size=(5, 1))),
         hint=MEAN),
    Test("z exactly 0", lambda rng: call("binary_cross_entropy_from_logits", np.array([1.0, 0.0]), np.array([0.0, 0.0])),
         hint="at z = 0 the loss is log 2 for either label"),
])


def _reg_case(fn, rng, shape=(6,)):
    return call(fn, rng.normal(0, 2, size=shape), rng.normal(0, 2, size=shape))


mse = Task("mse", [
    Test("6 targets", lambda rng: _reg_case("mse", rng), hint="mean((y - y_hat)^2): no 1/2 factor, no square root"),
    Test("3 outputs per example (4, 3)", lambda rng: _reg_case("mse", rng, (4, 3)),
         hint="the mean over every element (Keras: over outputs, then over examples)"),
    Test("batch of one", lambda rng: _reg_case("mse", rng, (1,)), hint="square the error, then average"),
])

mae = Task("mae", [
    Test("6 targets", lambda rng: _reg_case("mae", rng), hint="mean(|y - y_hat|): absolute values, then the mean"),
    Test("3 outputs per example (4, 3)", lambda rng: _reg_case("mae", rng, (4, 3)),
         hint="a single number: the mean over every element"),
    Test("errors of both signs", lambda rng: call("mae", np.array([1.0, -1.0, 2.0, -2.0]), np.zeros(4)),
         hint="take |y - y_hat| before averaging, or positive and negative errors cancel"),
])

TASKS = [softmax, log_softmax, categorical_cross_entropy, sparse_categorical_cross_entropy,
         binary_cross_entropy, binary_cross_entropy_from_logits, mse, mae]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise3 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "softmax": (
        "Softmax turns each row of logits into probabilities: exponentiate, then divide by the row's total. "
        "Subtracting the row's own maximum first changes nothing mathematically and keeps exp from overflowing.",
        "softmax(z)_ik = e^(z_ik - max_j z_ij) / sum_j e^(z_ij - max_j z_ij), per row i.",
    ),
    "log_softmax": (
        "Take the log of softmax analytically instead of numerically: it becomes the shifted logits minus "
        "the log of the shifted row sum (log-sum-exp), which stays finite where the probability underflows.",
        "log_softmax(z)_ik = (z_ik - c_i) - log sum_j e^(z_ij - c_i), with c_i = max_j z_ij.",
    ),
    "categorical_cross_entropy": (
        "Cross-entropy is the mean over examples of minus the log of the probability given to the true class; "
        "clip probabilities to [1e-7, 1 - 1e-7] first (as Keras does) so log(0) never happens.",
        "CCE = -(1/m) sum_i sum_k y_ik log(clip(p_ik, 1e-7, 1 - 1e-7)).",
    ),
    "sparse_categorical_cross_entropy": (
        "With integer labels and logits, pick each example's log-probability of its own class straight from "
        "log_softmax (no one-hot, no clipping needed), then average the negatives.",
        "SCCE = -(1/m) sum_i log_softmax(z_i)[y_i], labels flattened to shape (m,).",
    ),
    "binary_cross_entropy": (
        "Each output is its own yes/no probability: the loss charges -log of the probability given to what "
        "happened, both for y = 1 and for y = 0; clip p first, then average over every element.",
        "BCE = -mean(y log p + (1 - y) log(1 - p)), with p clipped to [1e-7, 1 - 1e-7].",
    ),
    "binary_cross_entropy_from_logits": (
        "Rewrite the BCE of sigmoid(z) so that no exp of a large positive number and no log of 0 occurs: "
        "split the loss into a part linear in z and a softplus of -|z|.",
        "loss(z, y) = max(z, 0) - z y + log(1 + e^(-|z|)), averaged over every element.",
    ),
    "mse": (
        "Mean squared error: square each difference between target and prediction and average over all of them.",
        "MSE = (1/N) sum (y - y_hat)^2 over all N elements (no 1/2).",
    ),
    "mae": (
        "Mean absolute error: the average size of the differences, whatever their sign.",
        "MAE = (1/N) sum |y - y_hat| over all N elements.",
    ),
})
