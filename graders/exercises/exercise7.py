"""exercise7: training, evaluation and TensorFlow — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Public tests use the stored fixtures; the hidden ones live in ``exercise7_hidden.py`` (not in the handout).

A Keras model cannot cross the process boundary, so the TensorFlow tasks are multi-call cases
run in the child: a student function builds or receives a model, and the grader's own helpers
(``callables.keras_*`` in ``graders/runner/callables.py``) build, load or read it back as plain
arrays. Each task is graded on its own: ``load_numpy_params`` and ``tf_loss_and_grads`` get a
model the grader built, ``build_keras_model`` is read back with the grader's loader.

``train_mlp`` is graded by a property: the held-out accuracy of the returned params on the
8x8 digits (computed here, in the parent, from the params) must reach 0.90, within the
exercise's per-test time limit from course.yml (``test_seconds``). Nothing here imports
TensorFlow or scikit-learn at import time.
"""

import functools
import math

import numpy as np

from graders.spec import Call, Case, Compare, Out, Property, Rng, Task, Test, call, with_hints

MIN_ACCURACY = 0.90
TRAIN_SETTINGS = {"epochs": 20, "lr": 1e-2, "batch_size": 32}  # the contract's defaults, passed explicitly


def helper(name, *args) -> Call:
    """A call of the grader's own helper ``callables.<name>`` in the child."""
    return Call(f"callables.{name}", args)


def _glorot_params(rng, sizes, bias_scale=0.1):
    """Glorot-uniform weights and small random biases for the layer ``sizes``."""
    # Glorot initialisation is part of train_mlp's answer, so it lives with the hidden tests;
    # builders run only where fixtures are made, in the course repository.
    from graders.exercises.exercise7_hidden import glorot_params

    return glorot_params(rng, sizes, bias_scale)


# --------------------------------------------------------------------------- train_test_split


def _indexed_data(rng, m, n=3):
    """Column 0 of X is the row's index and y is a distinct label per row: a split can be traced."""
    X = np.column_stack([np.arange(m, dtype=float), rng.normal(size=(m, n - 1))])
    y = rng.permutation(m) + 100
    return X, y


def _check_split(split, X, y, fraction, label=""):
    at = f" ({label})" if label else ""
    if not isinstance(split, list) or len(split) != 4:
        return f"expected 4 values (X_train, X_test, y_train, y_test){at}"
    X_train, X_test, y_train, y_test = split
    m, n = X.shape
    n_test = math.ceil(fraction * m)
    for name, got, want in (("X_train", X_train, (m - n_test, n)), ("X_test", X_test, (n_test, n)),
                            ("y_train", y_train, (m - n_test,)), ("y_test", y_test, (n_test,))):
        if got.shape != want:
            return (f"{name} has shape {got.shape}, expected {want}{at}: with m = {m} and test_fraction = "
                    f"{fraction}, n_test = ceil({fraction} * {m}) = {n_test}; "
                    "the order is (X_train, X_test, y_train, y_test)")
    ids = np.concatenate([X_train[:, 0], X_test[:, 0]])
    if not np.array_equal(np.sort(ids), np.arange(m)):
        return f"the train and test rows are not a partition of X{at}: some rows are missing or repeated"
    for name, rows in (("X_train", X_train), ("X_test", X_test)):
        if not np.allclose(rows, X[rows[:, 0].astype(int)], rtol=0, atol=0):
            return f"rows of {name} are not rows of X{at}: shuffle whole rows (index X with a permutation)"
    pairs = ((X_train, y_train), (X_test, y_test))
    kept = [np.array_equal(labels, y[rows[:, 0].astype(int)]) for rows, labels in pairs]
    if not all(kept):
        return f"the labels no longer match their rows{at}: index X and y with the same permutation"
    test_ids = set(X_test[:, 0].astype(int).tolist())
    # Only where a fair shuffle lands on the first or last rows with odds below 1 in 10^6 (m = 50 yes, m = 10 no).
    if math.comb(m, n_test) > 2e6 and test_ids in ({*range(n_test)}, {*range(m - n_test, m)}):
        return f"the test set is the first or last {n_test} rows{at}: shuffle before splitting"
    return None


def _split_property(got, case, expected):
    X, y, fraction = case.args[0], case.args[1], case.args[2]
    results = got if len(case.calls) > 1 else [got]
    for k, split in enumerate(results):
        problem = _check_split(split, X, y, fraction, f"call {k + 1}" if len(case.calls) > 1 else "")
        if problem:
            return problem
    if len(case.calls) == 3:
        same = all(np.array_equal(a, b) for a, b in zip(results[0], results[1], strict=True))
        if not same:
            return ("two calls with generators of the same seed gave different splits: draw the permutation from "
                    "the rng argument (rng.permutation), not from np.random")
        if np.array_equal(results[0][1], results[2][1]):
            return "generators of different seeds gave the same split: the permutation must come from rng"
    return None


def _split_case(rng, m, fraction, seed=None):
    X, y = _indexed_data(rng, m)
    return call("train_test_split", X, y, fraction, Rng(int(rng.integers(2**31)) if seed is None else seed))


def _split_rng_case(rng, m=40, fraction=0.25):
    X, y = _indexed_data(rng, m)
    s1, s2 = (int(s) for s in rng.choice(2**31, size=2, replace=False))
    calls = [Call("train_test_split", (X, y, fraction, Rng(s))) for s in (s1, s1, s2)]
    return Case(calls, (Out(0), Out(1), Out(2)))


CEIL = "n_test = ceil(test_fraction * m) (math.ceil), not int() or round(); return (X_train, X_test, y_train, y_test)"
SAME_PERM = "draw one permutation p = rng.permutation(m) and index both X and y with it"

train_test_split = Task("train_test_split", [
    Test("the notes' example: 10 examples, 30% held out -> 7 + 3",
         lambda rng: _split_case(rng, 10, 0.3), Property(_split_property), hint=CEIL),
    Test("n_test rounds up: ceil(0.25 * 10) = 3", lambda rng: _split_case(rng, 10, 0.25), Property(_split_property),
         hint=CEIL),
    Test("n_test rounds up: ceil(0.3 * 7) = 3", lambda rng: _split_case(rng, 7, 0.3), Property(_split_property),
         hint=CEIL),
    Test("a partition: every row exactly once, rows kept with their labels (m = 50)",
         lambda rng: _split_case(rng, 50, 0.2), Property(_split_property), hint=SAME_PERM),
    Test("uses the rng it is given: same seed, same split; other seed, other split",
         _split_rng_case, Property(_split_property),
         hint="use rng.permutation(m) (the generator passed in), never np.random.* or a fixed seed"),
    Test("inputs not modified (no in-place shuffle)", lambda rng: _split_case(rng, 30, 0.2), Property(_split_property),
         hint="rng.shuffle(X) shuffles the caller's array in place: index with a permutation instead"),
])


# --------------------------------------------------------------------------- accuracy


ARGMAX = "the prediction is the class with the largest logit in each row: np.argmax(logits, axis=1)"

accuracy = Task("accuracy", [
    Test("6 examples, 4 classes", lambda rng: call("accuracy", rng.normal(0, 2, (6, 4)), np.array([0, 1, 2, 3, 1, 2])),
         hint=ARGMAX + "; then the mean of (predictions == y)"),
    Test("square logits (5, 5): argmax over each row, not each column",
         lambda rng: call("accuracy", rng.normal(0, 2, (5, 5)), rng.integers(0, 5, 5)), hint=ARGMAX),
    Test("a fraction in [0, 1], not a count",
         lambda rng: call("accuracy", np.eye(4)[[0, 1, 2, 2, 3, 0, 1, 1]] * 3.0 - 1.0,
                          np.array([0, 1, 2, 3, 3, 0, 1, 2])),
         hint="accuracy = number correct / number of examples (np.mean of the boolean matches)"),
    Test("all logits negative (no threshold at 0.5)",
         lambda rng: call("accuracy", -np.abs(rng.normal(0, 1, (8, 3))) - 1.0, rng.integers(0, 3, 8)),
         hint="multi-class predictions come from argmax over the classes, not from thresholding"),
    Test("labels of shape (m, 1)", lambda rng: call("accuracy", rng.normal(0, 2, (6, 3)), rng.integers(0, 3, (6, 1))),
         hint="flatten y (y.reshape(-1)) before comparing: (m,) == (m, 1) broadcasts to an (m, m) table"),
])


# --------------------------------------------------------------------------- train_mlp


@functools.lru_cache(maxsize=1)
def _digits():
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download

    data = load_digits()
    return data.data / 16.0, data.target.astype(np.int64)


def _digits_split(rng, test_fraction=0.2):
    """(X_train, X_test, y_train, y_test) of the digits, split as train_test_split does."""
    # The split is train_test_split's answer: it lives with the hidden tests (see _glorot_params).
    from graders.exercises.exercise7_hidden import digits_split

    return digits_split(_digits(), rng, test_fraction)


def _forward(X, params):
    """The parent's own MLP forward (ReLU hidden layers, linear output)."""
    a = X
    n_layers = len(params) // 2
    for layer in range(1, n_layers + 1):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < n_layers:
            a = np.maximum(a, 0.0)
    return a


def _train_case(rng, hidden=(25, 15)):
    X_train, X_test, y_train, y_test = _digits_split(rng)
    train = Call("train_mlp", (X_train, y_train), {"hidden": tuple(hidden), **TRAIN_SETTINGS,
                                                   "rng": Rng(int(rng.integers(2**31)))})
    # The held-out set rides along in the output spec; the runner keeps it out of the child (it never
    # leaves the parent: runner._split_output) and the parent judges the returned params with it.
    return Case([train], (Out(0), X_test, y_test))


def _held_out(got, case, expected):
    params = got[0]
    X_train, y_train = case.calls[0].args
    X_test, y_test = case.output[1], case.output[2]
    hidden = tuple(case.calls[0].kwargs["hidden"])
    sizes = (X_train.shape[1], *hidden, int(y_train.max()) + 1)
    keys = [f"{p}{layer}" for layer in range(1, len(sizes)) for p in ("W", "b")]
    if not isinstance(params, dict):
        return f"expected a dict of params with keys {keys}"
    if sorted(params) != sorted(keys):
        return f"params have keys {sorted(params)}, expected {keys} (one W and one b per layer, for hidden={hidden})"
    for layer in range(1, len(sizes)):
        for key, shape in ((f"W{layer}", (sizes[layer - 1], sizes[layer])), (f"b{layer}", (sizes[layer],))):
            if params[key].shape != shape:
                return f"params[{key!r}] has shape {params[key].shape}, expected {shape} (sizes {sizes})"
    if not all(np.isfinite(p).all() for p in params.values()):
        return "the trained params contain NaN or inf: the training diverged (gradient sign? learning rate?)"
    predictions = np.argmax(_forward(X_test, params), axis=1)
    score = float(np.mean(predictions == y_test))
    if score < MIN_ACCURACY:
        return (f"held-out accuracy {score:.3f} on {len(y_test)} digits the model never saw; "
                f"at least {MIN_ACCURACY:.2f} is needed (the reference reaches 0.94-0.98)")
    return None


TRAIN = ("initialise weights randomly (Glorot or He, not zeros), take an Adam step on every parameter "
         "for every mini-batch of every epoch, keep the updated params and the Adam state of each one")

train_mlp = Task("train_mlp", [
    Test("digits, the notes' 25-15-10 model: held-out accuracy >= 0.90", _train_case, Property(_held_out), hint=TRAIN),
    Test("one hidden layer of 32 units: the layers follow `hidden`", lambda rng: _train_case(rng, (32,)),
         Property(_held_out),
         hint="build the layer sizes from (n_features, *hidden, n_classes): don't hard-code 25 and 15"),
])


# --------------------------------------------------------------------------- build_keras_model

# A float32 model (Keras's default dtype) against the float64 reference: every TensorFlow task is
# compared at this precision, so a correct solution that works in float32 keeps its points.
FLOAT32 = Compare(rtol=1e-4, atol=1e-5)


def _build(hidden=(25, 15), n_classes=10, n_features=64):
    return Call("build_keras_model", (), {"hidden": tuple(hidden), "n_classes": n_classes, "n_features": n_features})


def _architecture_case(rng, hidden=(25, 15), n_classes=10, n_features=64):
    return Case([_build(hidden, n_classes, n_features), helper("keras_architecture", Out(0))],
                (Out(1, "units"), Out(1, "kernel_shapes")))


def _built_case(rng):
    return Case([_build(), helper("keras_architecture", Out(0))], Out(1, "built"))


def _logits_case(rng, hidden=(25, 15), n_classes=10, n_features=64, m=12):
    params = _glorot_params(rng, (n_features, *hidden, n_classes))
    X = rng.normal(0.0, 1.0, size=(m, n_features))
    return Case([_build(hidden, n_classes, n_features), helper("keras_set_weights", Out(0), list(params.values())),
                 helper("keras_logits", Out(0), X)])


def _loss_case(rng):
    logits = rng.normal(0.0, 3.0, size=(8, 10))
    y = rng.integers(0, 10, size=8)
    return Case([_build(), helper("keras_compiled_loss", Out(0), y, logits)])


def _optimizer_case(rng):
    return Case([_build(), helper("keras_optimizer", Out(0))], Out(1, "adam"))


ACTIVATIONS = ("hidden layers Dense(h, activation='relu'), output Dense(n_classes, activation='linear'): "
               "no sigmoid in the hidden layers, no softmax at the output (the loss applies it)")
SIZES = ("one Dense(h, 'relu') per entry of `hidden`, then Dense(n_classes): "
         "use the arguments, don't hard-code 25, 15, 10")

build_keras_model = Task("build_keras_model", [
    Test("the notes' layers: Dense 25, 15, 10 on 64 inputs", _architecture_case, hint=SIZES),
    Test("a built model (its weights exist before training)", _built_case,
         hint="start the Sequential with keras.Input(shape=(n_features,)) so the model is built at once"),
    Test("ReLU, ReLU, linear: logits with given weights", _logits_case, FLOAT32, hint=ACTIVATIONS),
    Test("compiled loss: SparseCategoricalCrossentropy(from_logits=True)", _loss_case, FLOAT32,
         hint="the output is logits: compile with loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
    Test("compiled with the Adam optimizer", _optimizer_case,
         hint="model.compile(optimizer=keras.optimizers.Adam(...), loss=...): without an optimizer Keras uses RMSprop"),
    Test("other sizes: hidden=(8,), 3 classes, 5 inputs", lambda rng: _architecture_case(rng, (8,), 3, 5), hint=SIZES),
    Test("other sizes: logits of a 3-hidden-layer model",
         lambda rng: _logits_case(rng, (7, 6, 5), 4, 9, m=5), FLOAT32, hint=SIZES + "; " + ACTIVATIONS),
])


# --------------------------------------------------------------------------- load_numpy_params


def _load_case(rng, hidden=(25, 15), n_classes=10, n_features=64, read="params", key_order=None, m=10):
    params = _glorot_params(rng, (n_features, *hidden, n_classes), bias_scale=0.5)
    if key_order == "biases first":
        params = {k: params[k] for k in sorted(params)[::-1]}  # b3, b2, b1, W3, W2, W1
    calls = [helper("keras_mlp", tuple(hidden), n_classes, n_features), Call("load_numpy_params", (Out(0), params))]
    if read == "params":
        calls.append(helper("keras_params", Out(0)))
    else:
        calls.append(helper("keras_logits", Out(0), rng.normal(0.0, 1.0, size=(m, n_features))))
    return Case(calls)


LOAD = ("for the l-th Dense layer: layer.set_weights([params[f'W{l}'], params[f'b{l}']]) — the kernel "
        "is (n_in, n_out) like W, no transpose, and the bias goes in too")

load_numpy_params = Task("load_numpy_params", [  # FLOAT32: casting the params to float32 is correct too
    Test("the notes' model: every kernel and bias", _load_case, FLOAT32, hint=LOAD),
    Test("logits after loading equal the NumPy forward", lambda rng: _load_case(rng, read="logits"), FLOAT32,
         hint=LOAD),
    Test("square layers (8 -> 8 -> 8 -> 8): kernels not transposed", lambda rng: _load_case(rng, (8, 8), 8, 8),
         FLOAT32,
         hint="a Keras kernel is (n_in, n_out), the same layout as W: load W as it is (W.T only fits square layers)"),
    Test("one hidden layer: loop over the model's layers", lambda rng: _load_case(rng, (7,), 3, 5), FLOAT32,
         hint="loop over the model's Dense layers (l = 1, 2, ...) instead of hard-coding three"),
    Test("four Dense layers", lambda rng: _load_case(rng, (6, 5, 4), 3, 5, read="logits"), FLOAT32,
         hint="loop over the model's Dense layers (l = 1, 2, ...) instead of hard-coding three"),
    Test("params given with the biases first", lambda rng: _load_case(rng, key_order="biases first"), FLOAT32,
         hint="look params up by name (params['W1'], params['b1'], ...): don't rely on the dict's order"),
    Test("the model passed in is the one changed", lambda rng: _load_case(rng, (9,), 4, 6, read="logits"), FLOAT32,
         hint="set the weights of the model you are given (in place), don't build a new one"),
])


# --------------------------------------------------------------------------- tf_loss_and_grads

GRADS_TOL = FLOAT32  # a tape run in float32 (Keras's default) is a correct answer too


def _grads_case(rng, hidden=(25, 15), n_classes=10, n_features=64, m=16, scale=1.0):
    params = _glorot_params(rng, (n_features, *hidden, n_classes))
    params = {k: v * scale for k, v in params.items()}
    X = rng.normal(0.0, 1.0, size=(m, n_features))
    y = rng.integers(0, n_classes, size=m)
    model = helper("keras_mlp", tuple(hidden), n_classes, n_features)
    weights = helper("keras_set_weights", Out(0), list(params.values()))  # W1, b1, W2, ...: Keras's order
    return Case([model, weights, Call("tf_loss_and_grads", (Out(0), X, y))])


TAPE = ("run the forward pass inside `with tf.GradientTape() as tape:` (logits = model(X), loss = "
        "SparseCategoricalCrossentropy(from_logits=True)(y, logits)), then tape.gradient(loss, [kernel, bias, ...])")
LAYOUT = "return (loss, grads) with grads = {'W1': dkernel_1, 'b1': dbias_1, ...} as NumPy arrays, one per Dense weight"

tf_loss_and_grads = Task("tf_loss_and_grads", [
    Test("the notes' model on a batch of 16", _grads_case, GRADS_TOL, hint=TAPE + "; " + LAYOUT),
    Test("the loss is the mean over the batch (32 examples)", lambda rng: _grads_case(rng, m=32), GRADS_TOL,
         hint="Keras losses average over the batch: no reduction='sum'"),
    Test("gradients in the params layout (one hidden layer)", lambda rng: _grads_case(rng, (6,), 3, 4, m=5),
         GRADS_TOL, hint=LAYOUT),
    Test("from logits: the output layer is linear", lambda rng: _grads_case(rng, (10,), 5, 6, m=8, scale=2.0),
         GRADS_TOL, hint="the model outputs logits: use from_logits=True, and don't apply softmax before the loss"),
    Test("large logits (weights scaled by 30): a stable loss",
         lambda rng: _grads_case(rng, (8,), 4, 6, m=6, scale=30.0), GRADS_TOL,
         hint="log(softmax(z)) overflows for large logits: let the loss work from logits (from_logits=True)"),
    Test("batch of one", lambda rng: _grads_case(rng, (5,), 3, 4, m=1), GRADS_TOL, hint=TAPE),
    Test("degenerate: zero weights, one hidden unit, a batch of one",
         lambda rng: _grads_case(rng, (1,), 2, 3, m=1, scale=0.0), GRADS_TOL,
         hint=LAYOUT + ": every gradient keeps its weight's shape, even where it is all zeros"),
])

TASKS = [train_test_split, accuracy, train_mlp, build_keras_model, load_numpy_params, tf_loss_and_grads]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise7 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "train_test_split": (
        "Shuffle the row indices once with rng, then put the first part of the shuffled order in the test set "
        "and the rest in the training set, indexing X and y with the same indices (never shuffling in place). "
        "Round the test size up.",
        "n_test = ceil(test_fraction m); p = a permutation of range(m) from rng; test rows p[:n_test], "
        "train rows p[n_test:]; return (X_train, X_test, y_train, y_test).",
    ),
    "accuracy": (
        "The predicted class is the position of the largest logit in each row (no softmax needed); count how "
        "often it equals the label, with the labels flattened to one dimension, and divide by the batch size.",
        "accuracy = (1/m) #{ i : argmax_k z_ik = y_i }.",
    ),
    "train_mlp": (
        "Exercises 4 and 5 together: initialise random weights and zero biases, then for each epoch shuffle "
        "into mini-batches and, for each batch, take the loss and gradients and give every parameter array its "
        "own Adam step, carrying each array's Adam state from step to step.",
        "sizes = (n, *hidden, max(y) + 1); W_l ~ U(-r, r), r = sqrt(6 / (n_in + n_out)), b_l = 0; each step: "
        "grads = mlp_loss_and_grads(Xb, yb, params), then params[k], state[k] = adam(params[k], grads[k], state[k]) "
        "for every key k.",
    ),
    "build_keras_model": (
        "The notes' numerically careful model: an Input of n_features values (so it is built at once), ReLU "
        "Dense layers, a linear output of logits, and a loss told that it receives logits; compile with Adam.",
        "Sequential([Input(shape=(n_features,)), Dense(h, 'relu') for each h in hidden, Dense(n_classes)]); "
        "compile(optimizer=Adam(1e-3), loss=SparseCategoricalCrossentropy(from_logits=True)).",
    ),
    "load_numpy_params": (
        "Each Dense layer of the model takes a kernel of shape (n_in, n_out), the same layout as W, and a bias; "
        "go through the model's Dense layers in order and look the arrays up by name.",
        "for l, layer in enumerate(the model's Dense layers, start=1): layer.set_weights([params['W' + l], params['b' + l]]).",
    ),
    "tf_loss_and_grads": (
        "Run the model's forward pass and the loss inside a GradientTape, then ask the tape for the gradients "
        "of the loss with respect to the trainable variables, and return them as NumPy arrays.",
        "with GradientTape() as tape: loss = SparseCategoricalCrossentropy(from_logits=True)(y, model(X, "
        "training=True)); grads = tape.gradient(loss, model.trainable_variables).",
    ),
})
