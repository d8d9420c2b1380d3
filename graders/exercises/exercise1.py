"""exercise1: neurons and logic gates — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Public tests use the stored fixtures; the hidden ones live in ``exercise1_hidden.py`` (not in the handout).

Gate weights are not unique, so ``gate_weights`` is graded by its truth table through a sigmoid
neuron, with a margin (outputs at most 0.4 for a 0 and at least 0.6 for a 1), and
``xor_network`` by the XOR of its inputs. The perceptron is trained on integer data, where every
update is exact in float64, so any correct implementation follows the reference's trajectory
bit for bit whatever its order of summation.
"""

import math

import numpy as np

from graders.spec import Property, Task, Test, call, with_hints

TRUTH_TABLE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATE_TARGETS = {
    "and": np.array([0.0, 0.0, 0.0, 1.0]),
    "or": np.array([0.0, 1.0, 1.0, 1.0]),
    "nand": np.array([1.0, 1.0, 1.0, 0.0]),
    "nor": np.array([1.0, 0.0, 0.0, 0.0]),
}
LOW, HIGH = 0.4, 0.6  # a gate's sigmoid output must be <= LOW for a 0 and >= HIGH for a 1
# The same margin in z = x @ w + b (sigmoid is increasing): the judge needs no sigmoid of its own,
# which would be the answer to the sigmoid task in the handout.
Z_LOW, Z_HIGH = math.log(LOW / (1 - LOW)), math.log(HIGH / (1 - HIGH))


def _fmt(values) -> str:
    return "[" + ", ".join(f"{v:.3g}" for v in np.asarray(values, dtype=float).ravel()) + "]"


# --------------------------------------------------------------------------- sigmoid

STABLE = ("exp(1000) overflows to inf, and exp(z) / (1 + exp(z)) is then inf/inf = NaN: use 1 / (1 + exp(-z)), "
          "or better exp(-|z|) which never overflows (1/(1+e) for z >= 0, e/(1+e) for z < 0)")
ELEMENTWISE = "work elementwise on any shape with np.exp (math.exp only takes single numbers)"

sigmoid = Task("sigmoid", [
    Test("vector of 8 values", lambda rng: call("sigmoid", rng.normal(0.0, 3.0, size=8)),
         hint="g(z) = 1 / (1 + exp(-z)): note the minus sign in exp(-z)"),
    Test("2-D array (4, 3)", lambda rng: call("sigmoid", rng.normal(0.0, 3.0, size=(4, 3))), hint=ELEMENTWISE),
    Test("z = 0 gives 0.5", lambda rng: call("sigmoid", 0.0), hint="sigmoid(0) = 1 / (1 + 1) = 0.5"),
    Test("huge |z| (z = +-1000): no overflow to NaN",
         lambda rng: call("sigmoid", np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])), hint=STABLE),
    Test("degenerate: all zeros (2, 3) give 0.5 each", lambda rng: call("sigmoid", np.zeros((2, 3))),
         hint=ELEMENTWISE + "; the result has z's shape, (2, 3) here, not a single number"),
])

# --------------------------------------------------------------------------- step

AT_ZERO = "step(0) = 1: the binary step is 1 for z >= 0 and 0 for z < 0 (use >=, not >)"

step = Task("step", [
    Test("mixed signs, including 0.3 and -0.3",
         lambda rng: call("step", np.array([-2.0, -0.3, 0.3, 0.7, 2.0])),
         hint="the step compares z with 0 (not 0.5: that is the threshold on a sigmoid's output), "
              "and gives 0.0, never -1"),
    Test("z exactly 0 gives 1", lambda rng: call("step", np.array([-1.0, 0.0, 1.0])), hint=AT_ZERO),
    Test("2-D array (3, 4) with zeros", lambda rng: call("step", np.round(rng.normal(0.0, 1.0, size=(3, 4)))),
         hint="work elementwise on any shape with a comparison such as (z >= 0) (`if z >= 0:` only takes single "
              "numbers) and return floats 1.0/0.0"),
    Test("a single number z = 0", lambda rng: call("step", 0.0), hint=AT_ZERO),
    Test("tiny negative z (-1e-12) gives 0", lambda rng: call("step", np.array([-1e-12, 1e-12])),
         hint="compare z itself with 0: no rounding, no sigmoid in between"),
    Test("degenerate: all zeros (2, 3) give 1 each", lambda rng: call("step", np.zeros((2, 3))),
         hint=AT_ZERO + "; the result has z's shape, (2, 3) here, not a single number"),
])

# --------------------------------------------------------------------------- neuron

NEURON = "a = g(x @ w + b): weighted sum over the features (the last axis of x), plus b, through g"

neuron = Task("neuron", [
    Test("batch of 5 examples, 3 features (sigmoid)",
         lambda rng: call("neuron", rng.normal(0, 1, (5, 3)), rng.normal(0, 1, 3), float(rng.normal())),
         hint=NEURON + ". For a batch, x @ w gives one z per row (shape (m,))"),
    Test("one example (1-D x) gives a single number",
         lambda rng: call("neuron", rng.normal(0, 1, 4), rng.normal(0, 1, 4), float(rng.normal())),
         hint="for x of shape (n,), x @ w is a single number: do not reshape it into an array"),
    Test("the notes' OR neuron on the truth table",
         lambda rng: call("neuron", TRUTH_TABLE, np.array([2.0, 2.0]), -1.0),
         hint="OR with w0 = -1, w1 = w2 = 2 gives sigmoid([-1, 1, 1, 3]) = [0.269, 0.731, 0.731, 0.953]; "
              "the bias is added: z = x @ w + b"),
    Test("step activation, z exactly 0 gives 1",
         lambda rng: call("neuron", np.array([[1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]),
                          np.array([1.0, -1.0]), 0.0, activation="step"),
         hint="activation='step' uses the step function: 1 where z >= 0 (so z = 0 gives 1)"),
    Test("activation='relu'",
         lambda rng: call("neuron", rng.normal(0, 1, (6, 2)), rng.normal(0, 2, 2), 0.1, activation="relu"),
         hint="use the activation you are given: relu(z) = max(0, z), no sigmoid"),
    Test("activation='linear'",
         lambda rng: call("neuron", rng.normal(0, 1, (6, 2)), rng.normal(0, 2, 2), -0.5, activation="linear"),
         hint="activation='linear' returns z itself: g(z) = z"),
    Test("degenerate: constant rows, one feature (3, 1)",
         lambda rng: call("neuron", np.full((3, 1), 2.0), np.array([0.5]), 0.0),
         hint=NEURON + ". For a batch, x @ w gives one z per row (shape (m,))"),
])

# --------------------------------------------------------------------------- gate_weights


def _gate_check(name):
    def check(got, case, expected):
        return _gate_problem(name, got)
    return check


def _gate_problem(name, got):
    if not isinstance(got, list) or len(got) != 2:
        return "return a tuple (w, b): w of shape (2,) and b a single number (the notes' w0 is b)"
    w, b = got
    if not isinstance(w, np.ndarray) or w.shape != (2,):
        shape = "None" if w is None else getattr(w, "shape", type(w).__name__)
        return f"w must have shape (2,), one weight per input; got {shape}"
    if not isinstance(b, np.ndarray) or b.size != 1:
        shape = "None" if b is None else getattr(b, "shape", type(b).__name__)
        return f"b must be a single number (the bias, the notes' w0); got shape {shape}"
    if not (np.isfinite(w).all() and np.isfinite(b).all()):
        return "w and b must be finite numbers"
    z = TRUTH_TABLE @ w + float(b.ravel()[0])
    target = GATE_TARGETS[name]
    wrong = np.where(target == 1, z < 0, z >= 0)
    rows = ", ".join(f"({int(a)}, {int(c)})" for a, c in TRUTH_TABLE)
    if wrong.any():
        first = int(np.argmax(wrong))
        return (f"{name.upper()} truth table is wrong at x = {tuple(int(v) for v in TRUTH_TABLE[first])}: "
                f"z = x @ w + b = {z[first]:.3g}, so sigmoid(z) is {'< 0.5' if target[first] else '>= 0.5'} "
                f"where it should be {'>= 0.5' if target[first] else '< 0.5'} "
                f"(z for {rows}: {_fmt(z)}, expected outputs {_fmt(target)})")
    weak = np.where(target == 1, z < Z_HIGH, z > Z_LOW)
    if weak.any():
        first = int(np.argmax(weak))
        where = "exactly on the decision boundary (z = 0)" if z[first] == 0 else "right only by a hair"
        return (f"{name.upper()} is {where} at x = {tuple(int(v) for v in TRUTH_TABLE[first])}: "
                f"z = x @ w + b = {z[first]:.3g}; a gate needs a clear margin (sigmoid(z) at most {LOW} for a 0, "
                f"at least {HIGH} for a 1, so |z| >= {Z_HIGH:.2f}; z for {rows}: {_fmt(z)})")
    return None


GATE_HINT = ("pick w and b so that z = x @ w + b is clearly negative on the 0 rows and clearly positive on the 1 rows, "
             "never 0 (the notes' OR: z = -1 + 2*x1 + 2*x2 gives |z| >= 1); b is the notes' w0, w holds only w1, w2")
MARGIN = ("a z of exactly 0 gives sigmoid(z) = 0.5, which is not a decision: keep every row at least |z| = 0.5 "
          "from the boundary (the notes' weights use |z| >= 1)")


def _gate_test(name, hint):
    return Test(f"{name.upper()} truth table through a sigmoid neuron",
                lambda rng: call("gate_weights", name), Property(_gate_check(name)), hint=hint)


gate_weights = Task("gate_weights", [
    _gate_test("and", GATE_HINT + "; AND is 1 only for (1, 1)"),
    _gate_test("or", GATE_HINT + "; " + MARGIN),
    _gate_test("nand", "NAND = NOT(AND): flip the signs of the AND neuron's w AND b (the notes: 3, -2, -2)"),
    _gate_test("nor", "NOR = NOT(OR): flip the signs of the OR neuron's w AND b (the notes: 1, -2, -2)"),
])

# --------------------------------------------------------------------------- dense

COLUMNS = "W is (n_in, n_out) like a Keras Dense kernel: column j holds unit j's weights, z = a_in @ W + b"
NOTES_W = np.array([[1.0, -3.0, 5.0], [-2.0, 4.0, -6.0]])
NOTES_B = np.array([-1.0, 1.0, 2.0])


def _dense_case(rng, m, n_in, n_out, activation=None, scale=1.0):
    args = (rng.normal(0, scale, (m, n_in)), rng.normal(0, 1, (n_in, n_out)), rng.normal(0, 1, n_out))
    return call("dense", *args) if activation is None else call("dense", *args, activation=activation)


dense = Task("dense", [
    Test("the notes' coffee-roasting layer: x = [200, 17] gives [1, 0, 1]",
         lambda rng: call("dense", np.array([200.0, 17.0]), NOTES_W, NOTES_B),
         hint="unit j computes g(np.dot(W[:, j], a_in) + b[j]): z = [165, -531, 900], so a = [1, 0, 1]"),
    Test("the same layer on a batch of one, x = [[200, 17]]",
         lambda rng: call("dense", np.array([[200.0, 17.0]]), NOTES_W, NOTES_B),
         hint="a (1, 2) batch gives a (1, 3) output: keep the batch axis, do not squeeze it"),
    Test("batch of 4, square W (3, 3): columns are units",
         lambda rng: _dense_case(rng, 4, 3, 3), hint=COLUMNS + " (W[:, j], not W[j])"),
    Test("batch of 6, 4 inputs -> 2 units (sigmoid)", lambda rng: _dense_case(rng, 6, 4, 2),
         hint=COLUMNS + "; add b to every row (it broadcasts over the batch)"),
    Test("activation='relu'", lambda rng: _dense_case(rng, 5, 3, 4, "relu", scale=2.0),
         hint="use the activation you are given: relu(z) = max(0, z) elementwise (np.maximum, not np.max)"),
    Test("activation='linear'", lambda rng: _dense_case(rng, 5, 3, 2, "linear"),
         hint="activation='linear' means no non-linearity: return z"),
    Test("activation='step' with z exactly 0",
         lambda rng: call("dense", np.array([[1.0, 1.0], [0.0, 0.0], [2.0, -1.0]]),
                          np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([0.0, 0.5]), activation="step"),
         hint="activation='step' is 1 where z >= 0 (so z = 0 gives 1) and 0 elsewhere"),
    Test("degenerate: one example, one input, one unit (1, 1)",
         lambda rng: call("dense", np.zeros((1, 1)), np.ones((1, 1)), np.zeros(1)),
         hint="a batch in gives (m, n_units) out: (1, 1) here, not a single number"),
])

# --------------------------------------------------------------------------- xor_network

XOR_HINT = ("XOR = NOR(NOR(x1, x2), AND(x1, x2)). With sigmoid hidden units and the notes' weights as written the "
            "hidden outputs are 0.73/0.27 instead of 1/0, and the network outputs 0.364 and 0.481, so (0, 1) and "
            "(1, 0) come out 0: threshold the hidden layer (step) or scale every weight by 5 or 10, then threshold "
            "the output at 0.5")


def _xor_check(got, case, expected):
    x = np.asarray(case.args[0], dtype=float)
    want = (x[:, 0] != x[:, 1]).astype(float)
    if not isinstance(got, np.ndarray):
        return "return one array of predictions, shape (m,)"
    if got.shape != want.shape:
        extra = " (a column: return shape (m,), e.g. with .ravel() or [:, 0])" if got.shape == (len(want), 1) else ""
        return f"wrong shape: expected {want.shape} (one prediction per row of x), got {got.shape}{extra}"
    if not np.isfinite(got).all():
        return "non-finite predictions (NaN or inf)"
    if not np.isin(got, (0.0, 1.0)).all():
        bad = got[~np.isin(got, (0.0, 1.0))]
        return (f"predictions must be 0 or 1, got values such as {bad[0]:.3g}: threshold the output at 0.5 "
                f"(outputs {_fmt(got[:8])})")
    wrong = got != want
    if wrong.any():
        i = int(np.argmax(wrong))
        return (f"{int(wrong.sum())} of {len(want)} predictions wrong; first at row {i}: "
                f"XOR{tuple(int(v) for v in x[i])} = {int(want[i])}, got {int(got[i])}")
    return None


xor_network = Task("xor_network", [
    Test("the four XOR inputs", lambda rng: call("xor_network", TRUTH_TABLE), Property(_xor_check), hint=XOR_HINT),
    Test("a batch of 12 (the inputs repeated, shuffled)",
         lambda rng: call("xor_network", TRUTH_TABLE[rng.permutation(np.tile(np.arange(4), 3))]),
         Property(_xor_check), hint="one prediction per row of x: x[:, 0] is x1 and x[:, 1] is x2"),
    Test("a batch of one (1, 2)", lambda rng: call("xor_network", np.array([[1.0, 0.0]])), Property(_xor_check),
         hint="for x of shape (1, 2) return shape (1,): one prediction per row"),
    Test("integer inputs", lambda rng: call("xor_network", TRUTH_TABLE.astype(np.int64)[::-1]), Property(_xor_check),
         hint="x may hold integers: convert with np.asarray(x, dtype=float)"),
    Test("degenerate: the same row three times", lambda rng: call("xor_network", np.ones((3, 2))),
         Property(_xor_check), hint="one prediction per row of x: shape (m,), even when the rows are equal"),
])

# --------------------------------------------------------------------------- perceptron_train

AND_Y = GATE_TARGETS["and"]
OR_Y = GATE_TARGETS["or"]
RULE = ("the perceptron rule, one example at a time in order, from w = 0 and b = 0: only a wrong "
        "prediction (with step(0) = 1) moves w and b, by lr times the error (and w also times x)")


def separable(rng, m, n):
    """Integer points on both sides of a random integer hyperplane, none closer than 1 (exact arithmetic)."""
    while True:
        w_true = rng.integers(-3, 4, size=n)
        if not w_true.any():
            continue
        b_true = int(rng.integers(-3, 4))
        X = rng.integers(-5, 6, size=(6 * m, n))
        s = X @ w_true + b_true
        X, s = X[s != 0][:m], s[s != 0][:m]
        y = (s > 0).astype(float)
        if len(y) == m and 0 < y.sum() < m:
            return X.astype(float), y


def separable_for(rng, m, n, epochs):
    """Separable data the perceptron provably separates in half of ``epochs`` (a fair property test)."""
    # Deciding that runs the perceptron rule, the answer to this task: it lives with the hidden
    # tests. Builders run only where fixtures are made, in the course repository.
    from graders.exercises.exercise1_hidden import separable_for as build

    return build(rng, m, n, epochs)


def _separated(got, case, expected):
    X, y = (np.asarray(a, dtype=float) for a in case.args[:2])
    if not isinstance(got, list) or len(got) != 2:
        return "return a tuple (w, b)"
    w, b = got
    if not isinstance(w, np.ndarray) or w.shape != (X.shape[1],) or not isinstance(b, np.ndarray) or b.size != 1:
        return f"return (w, b) with w of shape ({X.shape[1]},) and b a single number"
    predicted = (X @ w + float(b.ravel()[0]) >= 0).astype(float)
    wrong = predicted != y
    if wrong.any():
        return (f"after training, {int(wrong.sum())} of {len(y)} training examples are still misclassified by "
                f"step(x @ w + b); on separable data the perceptron rule must reach 0 mistakes")
    return None


perceptron_train = Task("perceptron_train", [
    Test("AND gate with the defaults (lr=1.0, epochs=10)", lambda rng: call("perceptron_train", TRUTH_TABLE, AND_Y),
         hint=RULE + ". From zero this ends at w = [2, 1], b = -3"),
    Test("OR gate, 10 epochs", lambda rng: call("perceptron_train", TRUTH_TABLE, OR_Y, lr=1.0, epochs=10), hint=RULE),
    Test("one epoch on AND: the first prediction is step(0) = 1",
         lambda rng: call("perceptron_train", TRUTH_TABLE, AND_Y, lr=1.0, epochs=1),
         hint="with w = 0, b = 0 the first z is 0 and step(0) = 1, so the first example (target 0) already updates: "
              "one epoch on AND ends at w = [1, 1], b = 0"),
    Test("learning rate 0.5", lambda rng: call("perceptron_train", TRUTH_TABLE, OR_Y, lr=0.5, epochs=3),
         hint="multiply every update (of w and of b) by lr"),
    Test("random separable set (12 examples, 3 features)",
         lambda rng: call("perceptron_train", *separable(rng, 12, 3), lr=1.0, epochs=5),
         hint=RULE + "; update after each example (not once per epoch), and go through the examples in order"),
    Test("integer labels", lambda rng: call("perceptron_train", TRUTH_TABLE, OR_Y.astype(np.int64), lr=1.0, epochs=4),
         hint="y may hold integers: convert with np.asarray(y, dtype=float) (target - predicted must be -1, 0 or 1)"),
    Test("separable data is separated after 100 epochs",
         lambda rng: call("perceptron_train", *separable_for(rng, 20, 2, 100), lr=1.0, epochs=100),
         Property(_separated), hint=RULE),
    Test("degenerate: one example, one feature",
         lambda rng: call("perceptron_train", np.array([[1.0]]), np.array([0.0]), lr=1.0, epochs=2),
         hint="w has one weight per feature, shape (n,): (1,) here, not a single number; b is a single number"),
])

TASKS = [sigmoid, step, neuron, gate_weights, dense, xor_network, perceptron_train]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise1 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "sigmoid": (
        "The sigmoid squashes any real z into (0, 1). For large negative z, e^(-z) overflows: write it so "
        "that only e^(-|z|) is ever computed, choosing the form by the sign of z.",
        "sigmoid(z) = 1 / (1 + e^(-z)) for z >= 0, and e^z / (1 + e^z) for z < 0 (the same value, no overflow).",
    ),
    "step": (
        "The perceptron's step compares z with 0 elementwise and returns floats; this course sends z = 0 up.",
        "step(z) = 1.0 if z >= 0 else 0.0, for every element of z.",
    ),
    "neuron": (
        "A neuron takes a weighted sum of its inputs, adds its bias, then applies the named activation "
        "(sigmoid or step) to that one number per example.",
        "neuron(x, w, b) = g(x · w + b) with g the activation: sigmoid or step.",
    ),
    "gate_weights": (
        "Each gate is one sigmoid neuron: choose w and b so that z = x · w + b is clearly positive on the truth "
        "table's 1-rows and clearly negative on its 0-rows (a line separating the corners of the square).",
        "The notes' weights: AND w = (2, 2), b = -3; OR w = (2, 2), b = -1; NAND and NOR flip every sign of "
        "AND's and OR's: w = (-2, -2), b = 3 and w = (-2, -2), b = 1 (each row then has |z| >= 1).",
    ),
    "dense": (
        "A dense layer is many neurons side by side: each column of W is one neuron's weights, b holds one bias "
        "per neuron, and every example (row of a_in) goes through all of them at once.",
        "dense(a_in, W, b) = g(a_in W + b): (m, n_in) times (n_in, n_out), plus b added to every row, then g.",
    ),
    "xor_network": (
        "XOR is not linearly separable, so it needs a hidden layer: build it from gates you already have, "
        "two in the hidden layer and one on top.",
        "XOR(x) = AND(OR(x), NAND(x)): hidden units h1 = OR(x1, x2), h2 = NAND(x1, x2), output AND(h1, h2), "
        "each a sigmoid neuron with your gate weights.",
    ),
    "perceptron_train": (
        "The perceptron rule nudges the weights only when a prediction is wrong, towards the target, one "
        "example at a time in order, starting from zeros.",
        "For each example x with target t: predicted = step(x · w + b); w <- w + lr (t - predicted) x; "
        "b <- b + lr (t - predicted); repeat for every epoch.",
    ),
})
