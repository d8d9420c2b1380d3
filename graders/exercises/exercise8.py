"""exercise8: generalization and model selection — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure
(the mistake first, then the idea and where the instructions explain it). These public tests use
the stored fixtures; the hidden ones are in ``exercise8_hidden.py``, rebuilt per student.

Where a function has many right answers, it is graded by properties computed here, in the
parent: ``init_params`` by the statistics of large layers, ``train_val_test_split`` and
``k_fold_indices`` by partitions and sizes, ``keras_fit_predict`` by held-out accuracy and rows
summing to 1. Strings cannot cross the process boundary, so ``diagnose``'s answer is turned into
its index in ``DIAGNOSES`` by the grader's helper in the child. Only ``keras_fit_predict``'s
tests import TensorFlow (in the child, when they run); nothing here imports it.
"""

import math

import numpy as np

from graders.spec import Call, Case, Compare, Fn, Out, Property, Rng, Task, Test, call, with_hints

DIAGNOSES = ("good", "high bias", "high variance", "high bias and high variance")  # as callables.DIAGNOSES


def helper(name, *args) -> Call:
    """A call of the grader's own helper ``callables.<name>`` in the child."""
    return Call(f"callables.{name}", args)


def _seed(rng) -> Rng:
    return Rng(int(rng.integers(2**31)))


# --------------------------------------------------------------------------- linear_collapse


def _collapse_case(rng, n=3, h=4, k=2, b1_scale=1.0, b2_scale=1.0):
    return call("linear_collapse", rng.normal(size=(n, h)), b1_scale * rng.normal(size=h),
                rng.normal(size=(h, k)), b2_scale * rng.normal(size=k))


COLLAPSE = ("expand (x W1 + b1) W2 + b2: the part that multiplies x is W, everything else is b "
            "(instructions, 'Two linear layers are one')")
B1 = ("forgot b1 @ W2: the first bias passes through the second layer too, so b = b1 @ W2 + b2, "
      "not b2 or b1 + b2")
ORDER = "W = W1 @ W2 (x meets W1 first), shape (n, k); W2 @ W1 only fits square layers"

linear_collapse = Task("linear_collapse", [
    Test("3 inputs -> 4 hidden -> 2 outputs", _collapse_case, Compare(rtol=1e-10, atol=1e-12), hint=COLLAPSE),
    Test("non-square layers (2 -> 5 -> 3): the order of the product",
         lambda rng: _collapse_case(rng, 2, 5, 3), Compare(rtol=1e-10, atol=1e-12), hint=ORDER),
    Test("b2 = 0: the first bias goes through W2", lambda rng: _collapse_case(rng, 3, 3, 3, b2_scale=0.0),
         Compare(rtol=1e-10, atol=1e-12), hint=B1),
    Test("b1 = 0 and square layers", lambda rng: _collapse_case(rng, 4, 4, 4, b1_scale=0.0),
         Compare(rtol=1e-10, atol=1e-12), hint=ORDER),
    Test("wide hidden layer (3 -> 10 -> 3)", lambda rng: _collapse_case(rng, 3, 10, 3),
         Compare(rtol=1e-10, atol=1e-12), hint=B1),
    Test("degenerate: one input, one hidden unit, one output, all zeros",
         lambda rng: call("linear_collapse", np.zeros((1, 1)), np.zeros(1), np.zeros((1, 1)), np.zeros(1)),
         Compare(rtol=1e-10, atol=1e-12), hint=COLLAPSE),
])


# --------------------------------------------------------------------------- init_params

STAT_REL = 0.04  # the std estimated from >= 10,000 draws is within 0.7 % (1 sigma): 4 % only fails a wrong scale


def _expected_std(scheme, fan_in, fan_out):
    return {"zeros": 0.0, "normal": 0.01, "glorot_uniform": math.sqrt(2.0 / (fan_in + fan_out)),
            "he_normal": math.sqrt(2.0 / fan_in)}[scheme]


def _check_params(params, sizes, scheme):
    keys = [f"{p}{layer}" for layer in range(1, len(sizes)) for p in ("W", "b")]
    if not isinstance(params, dict) or sorted(params) != sorted(keys):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        return f"expected a dict with keys {keys}, got {got}"
    for layer in range(1, len(sizes)):
        fan_in, fan_out = sizes[layer - 1], sizes[layer]
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        if W.shape != (fan_in, fan_out):
            return f"W{layer} has shape {W.shape}, expected (fan_in, fan_out) = {(fan_in, fan_out)}"
        if b.shape != (fan_out,):
            return f"b{layer} has shape {b.shape}, expected {(fan_out,)}"
        if np.any(b != 0):
            return f"b{layer} is not all zeros: every scheme starts the biases at 0"
        if not np.isfinite(W).all():
            return f"W{layer} has NaN or inf"
        want = _expected_std(scheme, fan_in, fan_out)
        if scheme == "zeros":
            if np.any(W != 0):
                return f"W{layer} is not all zeros for scheme 'zeros'"
            continue
        if W.size < 10000:
            continue  # statistics only over large layers (the std of a 10,000-draw estimate is 0.7 %)
        std, mean = float(W.std()), float(W.mean())
        if abs(mean) > 0.1 * want:
            return f"W{layer} has mean {mean:.4g}; the draws must be centred on 0"
        if abs(std / want - 1.0) > STAT_REL:
            return (f"W{layer} ({fan_in} x {fan_out}) has std {std:.4g}, expected {want:.4g} for {scheme!r} "
                    f"(fan_in = {fan_in}, fan_out = {fan_out}): {_why(scheme, std, fan_in, fan_out)}")
        limit = math.sqrt(3.0) * want if scheme == "glorot_uniform" else None  # U(-L, L) has std L / sqrt(3)
        if limit is not None:
            if np.abs(W).max() > limit * (1 + 1e-12):
                return (f"W{layer} has values beyond the Glorot limit sqrt(6/(fan_in+fan_out)) = {limit:.4g}: "
                        "glorot_uniform draws from a uniform distribution U(-limit, limit), not a normal")
    return None


def _why(scheme, std, fan_in, fan_out):
    """Name the scale the student's std matches, if it is a known slip."""
    slips = {
        "glorot_uniform": [(math.sqrt(2.0 / fan_in), "Glorot with fan_in only: the limit is "
                            "sqrt(6 / (fan_in + fan_out)), both widths"),
                           (math.sqrt(3.0) * _expected_std(scheme, fan_in, fan_out), "the limit L is not the std: a uniform "
                            "U(-L, L) has std L / sqrt(3), draw uniform, not normal(0, L)")],
        "he_normal": [(math.sqrt(2.0 / fan_out), "He with fan_out: the std is sqrt(2 / fan_in)"),
                      (math.sqrt(1.0 / fan_in), "std sqrt(1 / fan_in) is LeCun's: He uses 2 / fan_in"),
                      (2.0 / fan_in, "the variance 2 / fan_in used as the std: take its square root")],
        "normal": [(1.0, "std 1: scale the draws by 0.01"), (0.1, "std 0.1: the scheme says 0.01")],
    }
    for value, words in slips.get(scheme, []):
        if abs(std / value - 1.0) < STAT_REL:
            return words
    return {"glorot_uniform": "U(-L, L) with L = sqrt(6 / (fan_in + fan_out))", "he_normal":
            "N(0, 2 / fan_in): std sqrt(2 / fan_in)", "normal": "N(0, 0.01^2)"}[scheme]


def _init_property(got, case, expected):
    sizes = tuple(int(s) for s in case.calls[0].args[0])
    scheme = case.calls[0].args[1]
    results = got if len(case.calls) > 1 else [got]
    for params in results:
        problem = _check_params(params, sizes, scheme)
        if problem:
            return problem
    if len(case.calls) == 3:
        same = all(np.array_equal(results[0][k], results[1][k]) for k in results[0])
        if not same:
            return ("two calls with generators of the same seed gave different weights: draw from the rng "
                    "argument (rng.normal, rng.uniform), not from np.random")
        if np.array_equal(results[0]["W1"], results[2]["W1"]):
            return "generators of different seeds gave the same weights: the draws must come from rng"
    return None


def _init_case(rng, sizes, scheme):
    return call("init_params", tuple(sizes), scheme, _seed(rng))


def _init_rng_case(rng, scheme="he_normal", sizes=(20, 30, 10)):
    s1, s2 = (int(s) for s in rng.choice(2**31, size=2, replace=False))
    calls = [Call("init_params", (tuple(sizes), scheme, Rng(s))) for s in (s1, s1, s2)]
    return Case(calls, (Out(0), Out(1), Out(2)))


INIT = ("zero biases; kernels (fan_in, fan_out) drawn from rng: 'normal' N(0, 0.01^2), 'glorot_uniform' "
        "U(+-sqrt(6/(fan_in+fan_out))), 'he_normal' N(0, 2/fan_in) (instructions, 'Initialization')")
GLOROT = "Glorot with fan_in only? The limit is sqrt(6 / (fan_in + fan_out)) and the draw is uniform"
HE = "He uses fan_in (the layer's input width): std = sqrt(2 / fan_in), a normal draw"

init_params = Task("init_params", [
    Test("zeros: every weight and bias 0 (and the shapes)", lambda rng: _init_case(rng, (4, 3, 2), "zeros"),
         Property(_init_property), hint="np.zeros((fan_in, fan_out)) per kernel, np.zeros(fan_out) per bias"),
    Test("normal: std 0.01 (150 x 100)", lambda rng: _init_case(rng, (150, 100), "normal"),
         Property(_init_property), hint="small random numbers: 0.01 * a standard normal draw from rng"),
    Test("glorot_uniform on a 50 -> 400 layer: both widths count",
         lambda rng: _init_case(rng, (50, 400), "glorot_uniform"), Property(_init_property), hint=GLOROT),
    Test("glorot_uniform stays inside its limit (400 -> 50)",
         lambda rng: _init_case(rng, (400, 50), "glorot_uniform"), Property(_init_property), hint=GLOROT),
    Test("he_normal on a 400 -> 50 layer: fan_in", lambda rng: _init_case(rng, (400, 50), "he_normal"),
         Property(_init_property), hint=HE),
    Test("three layers (50 -> 300 -> 40 -> 10): each layer its own fans",
         lambda rng: _init_case(rng, (50, 300, 40, 10), "he_normal"), Property(_init_property),
         hint="loop over consecutive pairs (sizes[l-1], sizes[l]): W_l is (sizes[l-1], sizes[l])"),
    Test("uses the rng it is given: same seed, same weights; other seed, other weights",
         _init_rng_case, Property(_init_property),
         hint="draw with the generator passed in (rng.normal / rng.uniform), never np.random.* or a fixed seed"),
])


# --------------------------------------------------------------------------- gradient_norms

NORMS = Compare(rtol=1e-6, atol=1e-12)


def _norms_case(rng, sizes, activation, m=16, scheme="glorot", bias_scale=0.1, labels_as_column=False):
    # Glorot and He spreads are init_params's answer: they live with the hidden tests, and builders
    # run only where fixtures are made, in the course repository.
    from graders.exercises.exercise8_hidden import random_params

    params = random_params(rng, sizes, scheme, bias_scale)
    X = rng.normal(size=(m, sizes[0]))
    y = rng.integers(0, sizes[-1], size=(m, 1) if labels_as_column else m)
    return call("gradient_norms", params, X, y, activation)


BACKPROP = ("backpropagate as in exercise 4, with the hidden activation's slope taken at each "
            "layer's pre-activation z and one 1/m from the mean loss; return the Frobenius norms of "
            "the dW, input side first (instructions, 'Vanishing gradients')")
SLOPE = ("the sigmoid's slope is s(1 - s) with s = sigmoid(z) (at most 1/4): using s, s(1 - s) of the activation "
         "again, or no slope at all hides the vanishing gradients")
DEEP = ("a deep sigmoid net's first-layer norm should be tiny next to the last layer's: multiply by "
        "g'(z) = s(1 - s) (at most 1/4) at every hidden layer on the way back")

gradient_norms = Task("gradient_norms", [
    Test("one ReLU hidden layer (4 -> 6 -> 3)", lambda rng: _norms_case(rng, (4, 6, 3), "relu"), NORMS,
         hint=BACKPROP),
    Test("two sigmoid hidden layers (5 -> 8 -> 8 -> 4)", lambda rng: _norms_case(rng, (5, 8, 8, 4), "sigmoid"),
         NORMS, hint=SLOPE),
    Test("deep sigmoid net (8 hidden layers): early layers' gradients vanish",
         lambda rng: _norms_case(rng, (10,) * 9 + (4,), "sigmoid", m=32), Compare(rtol=1e-6, atol=1e-15),
         hint=DEEP),
    Test("deep ReLU net (8 hidden layers, He init): they don't",
         lambda rng: _norms_case(rng, (10,) * 9 + (4,), "relu", m=32, scheme="he"), NORMS,
         hint="ReLU's slope is 1 where z > 0 and 0 where z <= 0"),
    Test("the loss is the mean over the batch (m = 64)", lambda rng: _norms_case(rng, (3, 5, 2), "sigmoid", m=64),
         NORMS, hint="divide by m once (the mean over examples): the norms of a sum are m times too big"),
    Test("order: W1 first, the output layer last (sizes 6 -> 3 -> 9 -> 2)",
         lambda rng: _norms_case(rng, (6, 3, 9, 2), "relu"), NORMS,
         hint="backprop runs output to input, but the norms are returned input side first: entry 0 is W1's"),
    Test("a batch of one, labels as a column (m, 1)",
         lambda rng: _norms_case(rng, (4, 5, 3), "sigmoid", m=1, labels_as_column=True), NORMS,
         hint="flatten y (y.reshape(-1)) before indexing the probabilities by label"),
    Test("degenerate: one unit per layer (1 -> 1 -> 2), a batch of one",
         lambda rng: _norms_case(rng, (1, 1, 2), "relu", m=1), NORMS, hint=BACKPROP),
])


# --------------------------------------------------------------------------- multilabel

GRADS = Compare(rtol=1e-7, atol=1e-12)  # dlogits entries are O(1/(m K)): an absolute tolerance far below that


def _loss_case(rng, m=3, K=4, scale=2.0, Y=None):
    logits = rng.normal(0.0, scale, size=(m, K))
    Y = rng.integers(0, 2, size=(m, K)).astype(float) if Y is None else Y
    return call("multilabel_loss_and_grads", logits, Y)


def _predict_case(rng, logits, threshold=None):
    return call("multilabel_predict", logits) if threshold is None else call("multilabel_predict", logits, threshold)


def _away_from(rng, m, K, threshold=0.5, scale=2.0):
    """Logits whose probabilities are not within 0.02 of the threshold."""
    z = rng.normal(0.0, scale, size=(m, K))
    p = 1.0 / (1.0 + np.exp(-z))
    return np.where(np.abs(p - threshold) < 0.02, z + 1.0, z)


BCE = ("each of the K labels is its own sigmoid and binary cross-entropy: the loss is the mean over "
       "all m*K entries of the stable from-logits BCE, and dlogits carries that mean's 1/(m*K) "
       "(instructions, 'Multi-label')")
NOT_SOFTMAX = "softmax for multi-label: the labels are independent, so use a sigmoid per label, not a softmax per row"
MEAN = ("a mean over examples only: Keras averages over the K labels too, so divide the summed loss by m*K "
        "(and dlogits by m*K)")
THRESHOLD = ("threshold each label's probability sigmoid(z) against `threshold` (not the logit, not an argmax): "
             "1 where sigmoid(z) >= threshold")

multilabel = Task("multilabel", [
    Test("loss and dlogits: 3 examples, 4 labels", _loss_case, GRADS, hint=BCE),
    Test("rows with several labels on (and one with all on)",
         lambda rng: _loss_case(rng, Y=np.array([[1.0, 1.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0], [0.0, 1.0, 1.0, 0.0]])),
         GRADS, hint=NOT_SOFTMAX),
    Test("the mean over examples and labels (8 examples, 5 labels)", lambda rng: _loss_case(rng, 8, 5), GRADS,
         hint=MEAN),
    Test("huge logits (+-1000): a stable loss", lambda rng: call(
        "multilabel_loss_and_grads", np.array([[1000.0, -1000.0, 3.0], [-1000.0, 1000.0, -2.0]]),
        np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.0]])), GRADS,
         hint="log(sigmoid(z)) is log(0) = -inf for z = -1000: use the stable max(z, 0) - z*y + log1p(exp(-|z|))"),
    Test("a batch of one", lambda rng: _loss_case(rng, 1, 6), GRADS, hint=BCE),
    Test("predict: threshold 0.5, each label on its own",
         lambda rng: _predict_case(rng, _away_from(rng, 6, 4)), hint=THRESHOLD),
    Test("predict: a row with every label on and a row with none",
         lambda rng: _predict_case(rng, np.array([[2.0, 3.0, 1.5], [-2.0, -1.0, -4.0], [0.5, -0.5, 1.0]])),
         hint=NOT_SOFTMAX + "; a row may have several 1s or none (no argmax)"),
    Test("predict: threshold 0.8 applies to the probability",
         lambda rng: _predict_case(rng, np.array([[0.9, 1.2, 1.5, 2.0], [-0.5, 1.0, 1.45, 3.0]]), 0.8),
         hint=THRESHOLD + " (logit 1.2 has probability 0.77 < 0.8)"),
    Test("predict: threshold 0.3", lambda rng: _predict_case(rng, _away_from(rng, 5, 3, 0.3), 0.3), hint=THRESHOLD),
    Test("degenerate: one example, one label", lambda rng: _loss_case(rng, 1, 1, Y=np.array([[1.0]])), GRADS,
         hint=BCE),
], functions=("multilabel_loss_and_grads", "multilabel_predict"))


# --------------------------------------------------------------------------- splits


def _indexed_data(rng, m, n=3):
    """Column 0 of X is the row's index and y is a distinct label per row: a split can be traced."""
    X = np.column_stack([np.arange(m, dtype=float), rng.normal(size=(m, n - 1))])
    return X, rng.permutation(m) + 100


NAMES = ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test")


def _check_split(split, X, y, fractions, at=""):
    if not isinstance(split, list) or len(split) != 6:
        return f"expected 6 values {NAMES}{at}"
    m, n = X.shape
    n_val, n_test = (math.ceil(share * m) for share in fractions[1:])
    n_train = m - (n_val + n_test)
    for name, got, rows in zip(NAMES, split, (n_train, n_val, n_test) * 2):
        want = (rows, n) if name[0] == "X" else (rows,)
        if got.shape != want:
            return (f"{name} has shape {got.shape}, expected {want}{at}: with m = {m} and fractions {fractions}, "
                    f"n_val = ceil({fractions[1]} * {m}) = {n_val}, n_test = ceil({fractions[2]} * {m}) = {n_test}, the rest "
                    f"({n_train}) train; the order is {', '.join(NAMES)}")
    ids = np.concatenate([split[0][:, 0], split[1][:, 0], split[2][:, 0]])
    if not np.array_equal(np.sort(ids), np.arange(m)):
        return (f"the three sets are not a partition of X{at}: some examples are in two sets or in none "
                "(overlapping splits: cut ONE permutation into three consecutive pieces)")
    for name, rows in zip(NAMES[:3], split[:3]):
        if not np.array_equal(rows, X[rows[:, 0].astype(int)]):
            return f"rows of {name} are not rows of X{at}: shuffle whole rows (index X with a permutation)"
    for name, rows, labels in zip(NAMES[3:], split[:3], split[3:]):
        if not np.array_equal(labels, y[rows[:, 0].astype(int)]):
            return f"{name} no longer matches its rows{at}: index X and y with the same permutation"
    if m >= 30 and all(np.array_equal(np.sort(rows[:, 0]), rows[:, 0]) for rows in split[:3]):
        return f"every set keeps the original order of the rows{at}: shuffle before splitting"
    return None


def _split_property(got, case, expected):
    X, y = case.args[0], case.args[1]
    results = got if len(case.calls) > 1 else [got]
    for k, (c, split) in enumerate(zip(case.calls, results)):
        fractions = c.kwargs.get("fractions", c.args[2] if len(c.args) > 2 else (0.6, 0.2, 0.2))
        problem = _check_split(split, X, y, tuple(fractions), f" (call {k + 1})" if len(case.calls) > 1 else "")
        if problem:
            return problem
    if len(case.calls) == 3:
        if not all(np.array_equal(a, b) for a, b in zip(results[0], results[1], strict=True)):
            return ("two calls with generators of the same seed gave different splits: draw the permutation "
                    "from the rng argument (rng.permutation), not from np.random")
        if np.array_equal(results[0][2], results[2][2]):
            return "generators of different seeds gave the same split: the permutation must come from rng"
    return None


def _split_case(rng, m, fractions=None):
    X, y = _indexed_data(rng, m)
    if fractions is None:
        return Case([Call("train_val_test_split", (X, y), {"rng": _seed(rng)})])
    return call("train_val_test_split", X, y, tuple(fractions), _seed(rng))


def _split_rng_case(rng, m=40, fractions=(0.7, 0.1, 0.2)):
    X, y = _indexed_data(rng, m)
    s1, s2 = (int(s) for s in rng.choice(2**31, size=2, replace=False))
    calls = [Call("train_val_test_split", (X, y, fractions, Rng(s))) for s in (s1, s1, s2)]
    return Case(calls, (Out(0), Out(1), Out(2)))


def _check_folds(folds, m, k, at=""):
    if not isinstance(folds, list) or len(folds) != k:
        return f"expected a list of k = {k} (train_idx, val_idx) pairs{at}"
    vals = []
    for j, pair in enumerate(folds):
        if not isinstance(pair, list) or len(pair) != 2:
            return f"fold {j} is not a (train_idx, val_idx) pair{at}"
        train, val = (np.asarray(a).reshape(-1) for a in pair)
        if not np.array_equal(np.sort(np.concatenate([train, val])), np.arange(m)):
            return (f"fold {j}: train_idx and val_idx together are not 0..{m - 1}, each once{at}: "
                    "train on every example outside the validation fold")
        vals.append(val)
    if not np.array_equal(np.sort(np.concatenate(vals)), np.arange(m)):
        return (f"the validation folds do not cover 0..{m - 1} exactly once{at}: folds that drop the remainder "
                f"(m = {m}, k = {k}: {m % k} examples never validated) or that overlap")
    sizes = [len(v) for v in vals]
    if max(sizes) - min(sizes) > 1:
        return f"fold sizes {sizes} differ by more than one{at}: spread the remainder (np.array_split)"
    if m >= 30 and all(np.array_equal(v, np.arange(v.min(), v.min() + len(v))) for v in vals):
        return f"every fold is a block of consecutive examples{at}: shuffle with rng.permutation(m) first"
    return None


def _folds_property(got, case, expected):
    m, k = int(case.args[0]), int(case.args[1])
    results = got if len(case.calls) > 1 else [got]
    for i, folds in enumerate(results):
        problem = _check_folds(folds, m, k, f" (call {i + 1})" if len(case.calls) > 1 else "")
        if problem:
            return problem
    if len(case.calls) == 3:
        if not all(np.array_equal(a[1], b[1]) for a, b in zip(results[0], results[1])):
            return "the same seed gave different folds: shuffle with the rng argument"
        if all(np.array_equal(a[1], b[1]) for a, b in zip(results[0], results[2])):
            return "different seeds gave the same folds: the shuffle must come from rng"
    return None


def _folds_case(rng, m, k):
    return call("k_fold_indices", m, k, _seed(rng))


def _folds_rng_case(rng, m=40, k=4):
    s1, s2 = (int(s) for s in rng.choice(2**31, size=2, replace=False))
    return Case([Call("k_fold_indices", (m, k, Rng(s))) for s in (s1, s1, s2)], (Out(0), Out(1), Out(2)))


CEIL = ("n_val = ceil(f_val * m) and n_test = ceil(f_test * m) (math.ceil), the rest train; "
        "return (X_train, X_val, X_test, y_train, y_val, y_test) (instructions, 'Three sets')")
ONE_PERM = "draw one permutation p = rng.permutation(m), cut it into three pieces, index X and y with each"
FOLDS = ("shuffle 0..m-1 with rng.permutation(m), deal it into k folds of sizes differing by at most one "
         "(np.array_split keeps the remainder), round j validates on fold j and trains on the rest")

splits = Task("splits", [
    Test("m = 11, fractions (0.6, 0.15, 0.25): 6 + 2 + 3",
         lambda rng: _split_case(rng, 11, (0.6, 0.15, 0.25)), Property(_split_property), hint=CEIL),
    Test("default fractions (0.6, 0.2, 0.2), m = 12: ceil gives 6 + 3 + 3",
         lambda rng: _split_case(rng, 12), Property(_split_property), hint=CEIL),
    Test("unequal held-out sets: (0.7, 0.1, 0.2) of 23 -> 15 + 3 + 5",
         lambda rng: _split_case(rng, 23, (0.7, 0.1, 0.2)), Property(_split_property),
         hint="the validation set comes second and the test set third: n_val from fractions[1], n_test from [2]"),
    Test("a partition, rows kept with their labels (m = 53)",
         lambda rng: _split_case(rng, 53, (0.7, 0.1, 0.2)), Property(_split_property), hint=ONE_PERM),
    Test("split: same seed, same split; other seed, other split", _split_rng_case, Property(_split_property),
         hint="use rng.permutation(m) (the generator passed in), never np.random.* or a fixed seed"),
    Test("folds: m = 10, k = 3 -> 4, 3, 3 (the remainder is kept)", lambda rng: _folds_case(rng, 10, 3),
         Property(_folds_property), hint=FOLDS),
    Test("folds: leave-one-out (m = k = 7)", lambda rng: _folds_case(rng, 7, 7), Property(_folds_property),
         hint=FOLDS),
    Test("folds: m = 103, k = 5, shuffled and disjoint", lambda rng: _folds_case(rng, 103, 5),
         Property(_folds_property), hint=FOLDS),
    Test("folds: same seed, same folds; other seed, other folds", _folds_rng_case, Property(_folds_property),
         hint="shuffle with the rng argument (rng.permutation), not np.random"),
], functions=("train_val_test_split", "k_fold_indices"))


# --------------------------------------------------------------------------- bias_variance


def _diagnose_case(J_train, J_val, baseline, tol):
    return lambda rng: Case([Call("diagnose", (J_train, J_val, baseline, tol)), helper("diagnosis_code", Out(0))])


def _diagnosis_property(got, case, expected):
    code, want = int(round(float(got))), int(round(float(expected)))
    if code == want:
        return None
    J_train, J_val, baseline, tol = case.args
    said = "something other than the four diagnoses" if code < 0 else repr(DIAGNOSES[code])
    return (f"diagnose(J_train={J_train}, J_val={J_val}, baseline={baseline}, tol={tol}) returned {said}; "
            f"expected {DIAGNOSES[want]!r} (J_train - baseline = {J_train - baseline:.4g}, "
            f"J_val - J_train = {J_val - J_train:.4g})")


RECIPE = ("high bias when J_train - baseline > tol, high variance when J_val - J_train > tol, both when both, "
          "else 'good' (instructions, 'Bias and variance')")
SWAPPED = ("are the two tests swapped? Bias compares J_train with the baseline; variance compares J_val with "
           "J_train")

bias_variance = Task("bias_variance", [
    Test("high bias: J_train far above the baseline, J_val close to J_train", _diagnose_case(0.15, 0.16, 0.05, 0.02),
         Property(_diagnosis_property, with_reference=True), hint=SWAPPED),
    Test("high variance: J_train near the baseline, J_val far above", _diagnose_case(0.06, 0.20, 0.05, 0.02),
         Property(_diagnosis_property, with_reference=True), hint=SWAPPED),
    Test("both: far from the baseline and far from each other", _diagnose_case(0.20, 0.35, 0.05, 0.02),
         Property(_diagnosis_property, with_reference=True),
         hint="check both conditions, then return 'high bias and high variance' when both hold"),
    Test("good: both gaps small", _diagnose_case(0.06, 0.07, 0.05, 0.02),
         Property(_diagnosis_property, with_reference=True), hint=RECIPE),
    Test("gaps of exactly tol are fine (strict >)", _diagnose_case(0.25, 0.5, 0.0, 0.25),
         Property(_diagnosis_property, with_reference=True), hint="use strict > for both tests, not >="),
    Test("the baseline is not 0: human-level error 0.14", _diagnose_case(0.15, 0.16, 0.14, 0.02),
         Property(_diagnosis_property, with_reference=True),
         hint="bias is measured against the baseline (J_train - baseline), not against 0"),
    Test("variance is measured against J_train, not the baseline", _diagnose_case(0.30, 0.31, 0.05, 0.02),
         Property(_diagnosis_property, with_reference=True),
         hint="high variance means J_val - J_train > tol: a model bad on both sets has high bias only"),
], functions=("diagnose",))


# --------------------------------------------------------------------------- model_selection

LAMBDAS = (1e-6, 1e-3, 1e-2, 0.1, 1.0, 10.0)


def _poly(x, degree=9):
    return np.column_stack([x**d for d in range(degree + 1)])


def _selection_case(rng, candidates=LAMBDAS, m_train=14, m_val=40, zero_val=False):
    def data(m):
        x = rng.uniform(-1.0, 1.0, m)
        return _poly(x), np.sin(3.0 * x) + rng.normal(0.0, 0.3, m)

    (X_train, y_train), (X_val, y_val) = data(m_train), data(m_val)
    if zero_val:
        X_val = np.zeros_like(X_val)
    return call("select_by_validation", Fn("ridge_fit"), Fn("mse_error"), list(candidates),
                X_train, y_train, X_val, y_val)


SELECT = ("for each candidate c: model = fit(X_train, y_train, c), then error(model, X_val, y_val); return the "
          "candidate with the lowest validation error and the list of errors (instructions, 'Choosing a model')")

model_selection = Task("model_selection", [
    Test("ridge on 14 noisy points: choose lambda by the validation error", _selection_case,
         Compare(rtol=1e-6, atol=1e-12),
         hint="selecting by training error? The least regularized model always fits the training set best: "
              "judge each candidate on the validation set"),
    Test("the curve: one validation error per candidate, in order",
         lambda rng: _selection_case(rng, (10.0, 1.0, 0.1, 1e-2, 1e-4)), Compare(rtol=1e-6, atol=1e-12),
         hint="val_errors[i] is the validation error of candidates[i], in the candidates' order"),
    Test("best is the candidate itself, not its index", lambda rng: _selection_case(rng, (0.5, 0.05, 5.0, 50.0)),
         Compare(rtol=1e-6, atol=1e-12), hint="return candidates[i] for the best i, not i"),
    Test("a tie (every error equal): the first candidate wins",
         lambda rng: _selection_case(rng, (3.0, 1.0, 2.0), zero_val=True), Compare(rtol=1e-6, atol=1e-12),
         hint="keep the first of equal errors (np.argmin, or replace the best only when strictly lower)"),
    Test("more data (40 training points)", lambda rng: _selection_case(rng, m_train=40), Compare(rtol=1e-6, atol=1e-12),
         hint=SELECT),
], functions=("select_by_validation",))


# --------------------------------------------------------------------------- keras_fit_predict

MIN_ACCURACY = 0.85
SEPARATION = 2.0  # class k's centre is SEPARATION * e_k; the label of a point is its nearest centre
FIT_SETTINGS = (5, 32)  # epochs, batch_size: the grader's classifier (Adam 0.02) reaches ~0.97 in ~1 s


def _centres(n_classes, n_features):
    return SEPARATION * np.eye(n_classes, n_features)


def _labels(X, centres):
    """The true class of each row: its nearest centre (the parent recomputes the held-out labels)."""
    return np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=-1), axis=1)


def _blobs(rng, m, centres):
    X = centres[rng.integers(0, len(centres), m)] + rng.normal(0.0, 0.7, size=(m, centres.shape[1]))
    return X, _labels(X, centres)


def _fit_case(rng, n_classes=3, n_features=4, m_train=240, m_test=120):
    centres = _centres(n_classes, n_features)
    (X_train, y_train), (X_test, _) = _blobs(rng, m_train, centres), _blobs(rng, m_test, centres)
    # The child gets the test inputs only: the parent recomputes their labels from the centres.
    return Case([helper("keras_classifier", n_features, n_classes),
                 Call("keras_fit_predict", (Out(0), X_train, y_train, X_test, *FIT_SETTINGS))])


def _held_out(got, case, expected):
    X_test = case.calls[1].args[3]
    n_features = X_test.shape[1]
    n_classes = int(case.calls[0].args[1])
    want = (len(X_test), n_classes)
    if not isinstance(got, np.ndarray) or got.shape != want:
        shape = got.shape if isinstance(got, np.ndarray) else type(got).__name__
        return f"expected probabilities of shape (m_test, K) = {want}, got {shape}"
    if not np.isfinite(got).all() or got.min() < -1e-6 or got.max() > 1 + 1e-6:
        return ("the outputs are not probabilities (outside [0, 1]): the model gives logits, apply "
                "tf.nn.softmax(logits) to turn each row into probabilities")
    sums = got.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-4):
        return (f"rows sum to {sums.min():.4g} ... {sums.max():.4g}, not 1: softmax over each row's K classes "
                "(axis=-1), not a sigmoid per class and not over the examples")
    y_test = _labels(X_test, _centres(n_classes, n_features))
    score = float(np.mean(np.argmax(got, axis=1) == y_test))
    if score < MIN_ACCURACY:
        return (f"held-out accuracy {score:.3f} on {len(y_test)} examples the model never saw; at least "
                f"{MIN_ACCURACY:.2f} is needed (the reference reaches about 0.97): train with "
                "model.fit(X_train, y_train, ...) before predicting X_test")
    return None


FIT = ("model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0), then "
       "tf.nn.softmax(model(X_test)).numpy() (instructions, 'Keras fit and predict')")

keras_fit_predict = Task("keras_fit_predict", [
    Test("3 classes, 4 features: held-out accuracy >= 0.85, rows sum to 1", _fit_case, Property(_held_out),
         hint=FIT),
    Test("4 classes, 6 features", lambda rng: _fit_case(rng, 4, 6, m_train=320, m_test=100), Property(_held_out),
         hint="fit on the training set only: the test set is for predicting, never for fitting; " + FIT),
])

TASKS = [linear_collapse, init_params, gradient_norms, multilabel, splits, bias_variance, model_selection,
         keras_fit_predict]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise8 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "linear_collapse": (
        "Substitute the first layer into the second for a row a, expand the product, and read off the term "
        "that multiplies a (the new W) and the term without a (the new b). Check the shapes of the result.",
        "(a W1 + b1) W2 + b2 = a (W1 W2) + (b1 W2 + b2): W = W1 W2, b = b1 W2 + b2.",
    ),
    "init_params": (
        "Every bias starts at 0; each kernel's spread depends on the scheme and on its layer's fan-in (inputs) "
        "and fan-out (outputs): Glorot balances both, He uses fan-in only and doubles the variance for ReLU.",
        "zeros: 0; normal: N(0, 0.01^2); glorot_uniform: U(-L, L), L = sqrt(6 / (fan_in + fan_out)); "
        "he_normal: N(0, 2 / fan_in).",
    ),
    "gradient_norms": (
        "Backpropagate the mean softmax cross-entropy through the MLP as in exercise 4, with the hidden "
        "activation's derivative taken at each layer's pre-activation z; then take the Frobenius norm of each dW.",
        "delta_L = (softmax(z_L) - onehot(y)) / m; dW_l = a_(l-1)^T delta_l; delta_(l-1) = (delta_l W_l^T) ⊙ "
        "g'(z_(l-1)), with g' = s (1 - s) for the sigmoid and [z > 0] for ReLU; norm_l = sqrt(sum dW_l^2).",
    ),
    "multilabel": (
        "K independent yes/no outputs: a sigmoid per label, not a softmax. The loss is the stable binary "
        "cross-entropy from logits averaged over all m K entries, its gradient the prediction minus the target "
        "over m K; a prediction thresholds each probability on its own.",
        "J = mean over all entries of max(z, 0) - z Y + log(1 + e^(-|z|)); dJ/dz = (sigmoid(z) - Y) / (m K); "
        "predict = [sigmoid(z) >= threshold] as ints.",
    ),
    "splits": (
        "One permutation from rng for all three sets (so they cannot overlap), sizes rounded up for validation "
        "and test. For K folds, shuffle the indices once and deal them into k folds whose sizes differ by at "
        "most one; round j validates on fold j and trains on the rest.",
        "n_val = ceil(f_val m), n_test = ceil(f_test m), train = the rest; folds: the shuffled indices split "
        "into k nearly equal parts, pairs (concatenation of the other folds, fold j).",
    ),
    "bias_variance": (
        "Two comparisons, each against a tolerance: the training error against the baseline (bias), then the "
        "validation error against the training error (variance); both can hold.",
        "bias = J_train - baseline > tol; variance = J_val - J_train > tol; 'high bias and high variance' if both, "
        "'high bias' or 'high variance' if one, else 'good'.",
    ),
    "model_selection": (
        "For every candidate in order: fit on the training set only, measure the error on the validation set "
        "only, and keep the candidate (not its model) with the lowest validation error, the first on ties.",
        "val_errors = [error(fit(c, X_train, y_train), X_val, y_val) for c in candidates]; "
        "best = the candidate at the first minimum of val_errors.",
    ),
    "keras_fit_predict": (
        "Train the given model with Keras's own fit on the training set (quietly), then run it on the test set: "
        "its last layer is linear, so its outputs are logits, and the task asks for probabilities, row by row.",
        "model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0); "
        "probabilities = softmax(model(X_test)) per row, as a NumPy array of shape (m_test, K).",
    ),
})
