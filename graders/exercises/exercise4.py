"""exercise4: forward and backward propagation — the tests of each task.

Every backward is graded twice: against the reference (on the cache of the student's *own*
forward: a case with the calls [forward, backward(dout, Out(0, 1))]) and by a gradient check of
the student's backward against finite differences of the student's own forward, with every
perturbed point chosen here in the parent (graders/gradcheck.py). The gradient check reports the
relative error per parameter (x, W, b, or W1, b1, ... for the MLP), so a student sees which one
is wrong. A wrong forward costs the forward's task only: the gradient check of a backward judges
nothing when the student's forward disagrees with the reference's (gradcheck ``independent``).

Public tests use the stored fixtures; the hidden ones live in ``exercise4_hidden.py`` (not in the handout).
"""

import numpy as np

from graders.gradcheck import Param
from graders.gradcheck import gradcheck_test as _gradcheck_test
from graders.judge import RETURN_NAMES, find_problem
from graders.spec import ArgAfter, Call, Case, Compare, Fn, Out, Property, Task, Test, with_hints

RTOL, ATOL = 1e-6, 1e-9  # course.yml's defaults, for the backward comparisons judged by a Property

# --------------------------------------------------------------------------- inputs


def gradcheck_test(*args, **kwargs):
    """One random direction per parameter: enough to catch a wrong gradient (a wrong one scores
    ~1e-2..1, a right one ~1e-10) and half the forward calls and input files of two, which keeps
    ``nnlab check exercise4`` fast."""
    return _gradcheck_test(*args, directions=1, **kwargs)


def _dense_args(rng, m, n_in, n_out):
    return (rng.normal(0.0, 1.0, size=(m, n_in)), rng.normal(0.0, 0.7, size=(n_in, n_out)),
            rng.normal(0.0, 0.5, size=n_out))


def _away_from_zero(rng, shape, low=0.1, high=2.0):
    """Values with |x| in [low, high] and random signs: finite differences never cross ReLU's kink."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def _with_zeros(rng, shape):
    """Random values of both signs with a few exact zeros (the kink of ReLU)."""
    x = rng.normal(0.0, 1.0, size=shape)
    x.flat[:: max(1, x.size // 3)] = 0.0
    return x


def _forward(fn, *args):
    """A case returning only the forward's output (the cache is the student's own business)."""
    return Case([Call(fn, args)], Out(0, 0))


def _pair(forward, backward, args, dout):
    """forward(*args), then backward(dout, cache of that forward): the backward's result and dout after it."""
    return Case([Call(forward, args), Call(backward, (dout, Out(0, 1)))], (Out(1), ArgAfter(1, 0)))


def _compare_backward(got, case, expected):
    """The backward's result against the reference's (each on its own forward's cache), and dout untouched.

    Only the backward's own argument is checked for in-place changes: a forward that modifies x
    costs the forward's task (its own tests), not the backward's.
    """
    problem = find_problem(expected[0], got[0], RTOL, ATOL, names=RETURN_NAMES.get(case.calls[1].fn, ()))
    if problem:
        return problem
    if not np.array_equal(got[1], case.calls[1].args[0]):
        return f"`{case.calls[1].fn}` modified dout in place; work on a copy (functions must be pure)"
    return None


def _backward_tests(task):
    """Judge a backward task's pair cases with ``_compare_backward`` (gradient checks keep their own check)."""
    for test in task.tests:
        if isinstance(test.check, Compare):
            test.check, test.pure = Property(_compare_backward, with_reference=True), False
    return task


# --------------------------------------------------------------------------- large layers
# Points for the concept: each backward is also run on a layer so large that finite differences of
# the forward (two forward calls per input coordinate, ~200,000 here) take minutes, far past the
# test's time limit, while the backward's own formulas take milliseconds. The inputs are made in
# the child from seeds (callables.uniform) and the result is reduced to random projections
# (callables.projections), so the fixture stores a few numbers, not megabytes.

LARGE = ("on a layer this size, differencing the forward one coordinate at a time needs hundreds of thousands of "
         "forward calls (minutes, past the time limit); the backward's formulas take milliseconds: ")
LARGE_RTOL, LARGE_ATOL = 1e-6, 1e-9  # projections: sums of up to 90,000 products, exact to ~1e-14


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _uniform(rng, shape, scale=1.0) -> Call:
    """A call making an input array in the child from a seed (nothing large in the fixture)."""
    return Call("callables.uniform", (_seed(rng), tuple(shape), float(scale)))


def _large_pair(rng, forward, backward, inputs, dout_shape) -> Case:
    """``forward`` on arrays of ``inputs`` ((shape, scale) each) made in the child, ``backward`` on
    its cache and a random dout, and the backward's result reduced to its random projections."""
    calls = [_uniform(rng, shape, scale) for shape, scale in inputs] + [_uniform(rng, dout_shape)]
    n = len(inputs)
    calls += [Call(forward, tuple(Out(i) for i in range(n))), Call(backward, (Out(n), Out(n + 1, 1))),
              Call("callables.projections", (Out(n + 2), _seed(rng)))]
    return Case(calls)


def _large_test(name, build, hint) -> Test:
    # specific: its hint names the mistake a timeout here means (a backward by finite differences)
    return Test(name, build, Compare(rtol=LARGE_RTOL, atol=LARGE_ATOL), hint=LARGE + hint, pure=False, specific=True)


def _with_large(task, test):
    """``task`` with ``test`` added after ``_backward_tests`` (which rewrites the pair cases' checks)."""
    task.tests.append(test)
    return task


# --------------------------------------------------------------------------- dense

DENSE_FWD = ("x is (m, n_in) and W is (n_in, n_out) like a Keras Dense kernel (no transpose, no column "
             "layout); the output is (m, n_out) with b (n_out,) added to every row, and no activation here")

dense_forward = Task("dense_forward", [
    Test("batch of 4, 3 inputs -> 2 units", lambda rng: _forward("dense_forward", *_dense_args(rng, 4, 3, 2)),
         hint=DENSE_FWD),
    Test("square W (3 -> 3): x @ W, not x @ W.T", lambda rng: _forward("dense_forward", *_dense_args(rng, 5, 3, 3)),
         hint="W is (n_in, n_out) (Keras's layout, not the notes' (n_out, n_in)): out = x @ W, no transpose"),
    Test("batch of one (1, 4)", lambda rng: _forward("dense_forward", *_dense_args(rng, 1, 4, 3)),
         hint="keep the batch axis: the output of one example is (1, n_out)"),
    Test("the bias matters (b far from 0)",
         lambda rng: _forward("dense_forward", rng.normal(size=(3, 2)), rng.normal(size=(2, 4)),
                              np.array([5., -5., 10., 0.])),
         hint="your output misses the bias: b is added to every example's row (and no activation follows here)"),
    Test("degenerate: one example, one input, one unit, all zeros",
         lambda rng: _forward("dense_forward", np.zeros((1, 1)), np.zeros((1, 1)), np.zeros(1)), hint=DENSE_FWD),
])

DENSE_BWD = ("each gradient has the shape of what it is the gradient of: dx (m, n_in) like x, dW (n_in, n_out) "
             "like W, db (n_out,) like b; db sums over the batch, and there is no extra 1/m (dout already "
             "holds the loss's 1/m: dividing again doubles it)")
DENSE_PARAMS = [Param("x", (0,), (0,)), Param("W", (1,), (1,)), Param("b", (2,), (2,))]


def _dense_pair(rng, m, n_in, n_out):
    args = _dense_args(rng, m, n_in, n_out)
    return _pair("dense_forward", "dense_backward", args, rng.normal(size=(m, n_out)))


def _dense_dout(rng, args):
    return rng.normal(size=(args[0].shape[0], args[1].shape[1]))


dense_backward = _with_large(_backward_tests(Task("dense_backward", [
    Test("batch of 5, 4 inputs -> 3 units", lambda rng: _dense_pair(rng, 5, 4, 3), hint=DENSE_BWD),
    Test("square layer, batch of 3 (dW transposed?)", lambda rng: _dense_pair(rng, 3, 3, 3),
         hint="your dW is the transpose of the right one (a square layer hides the shape mismatch): dW must be "
              "(n_in, n_out) in the same orientation as W"),
    Test("batch of one", lambda rng: _dense_pair(rng, 1, 4, 2),
         hint="db has b's shape (n_out,): sum dout over the batch axis (axis=0)"),
    Test("batch of 8: db summed, not averaged", lambda rng: _dense_pair(rng, 8, 2, 3),
         hint="your db or dW is divided by the batch size: a layer's backward sums over the batch with no 1/m "
              "(dout already carries the loss's 1/m; dividing again applies it twice)"),
    gradcheck_test("gradient check of dx, dW, db against your dense_forward", "dense_forward",
                   lambda rng: _dense_args(rng, 6, 4, 3), DENSE_PARAMS, backward="dense_backward",
                   make_dout=_dense_dout, hint=DENSE_BWD),
    Test("degenerate: one example, one input, one unit",
         lambda rng: _pair("dense_forward", "dense_backward", (np.zeros((1, 1)), np.ones((1, 1)), np.zeros(1)),
                           np.ones((1, 1))), hint=DENSE_BWD),
])), _large_test("a large layer: 64 x 300 inputs, 300 x 300 W (in milliseconds)",
                 lambda rng: _large_pair(rng, "dense_forward", "dense_backward",
                                         [((64, 300), 1.0), ((300, 300), 300 ** -0.5), ((300,), 0.5)], (64, 300)),
                 DENSE_BWD))

# --------------------------------------------------------------------------- relu

RELU_FWD = ("out = np.maximum(0, x) elementwise (not np.max, a reduction; not leaky; the values, not the 0/1 mask), "
            "same shape as x; return (out, cache) and never modify x in place")

relu_forward = Task("relu_forward", [
    Test("(4, 5) values of both signs", lambda rng: _forward("relu_forward", rng.normal(size=(4, 5))), hint=RELU_FWD),
    Test("exact zeros", lambda rng: _forward("relu_forward", _with_zeros(rng, (3, 4))), hint=RELU_FWD),
    Test("1-D input", lambda rng: _forward("relu_forward", rng.normal(size=7)),
         hint="np.maximum(0, x) (elementwise) is not np.max(x, 0) (a reduction over axis 0)"),
    Test("degenerate: all zeros (2, 3)", lambda rng: _forward("relu_forward", np.zeros((2, 3))), hint=RELU_FWD),
])

RELU_BWD = ("the upstream gradient passes where the input x was positive and stops elsewhere: the "
            "mask comes from the cached x (or out > 0; out >= 0 is true everywhere), never from dout's "
            "sign; multiply dout by it, and don't zero dout in place")


def _relu_pair(rng, x):
    return _pair("relu_forward", "relu_backward", (x,), rng.normal(size=x.shape))


relu_backward = _with_large(_backward_tests(Task("relu_backward", [
    Test("(4, 5) values of both signs", lambda rng: _relu_pair(rng, _away_from_zero(rng, (4, 5))), hint=RELU_BWD),
    Test("x exactly 0 (the kink): derivative 0", lambda rng: _relu_pair(rng, _with_zeros(rng, (3, 4))),
         hint="at x = 0 ReLU's derivative is taken as 0 (as relu_prime and TensorFlow do): mask x > 0, not x >= 0; "
              "a mask from the output must be out > 0 (out >= 0 is true everywhere)"),
    Test("upstream gradient of both signs", lambda rng: _relu_pair(rng, np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 4.0]])),
         hint="the mask depends on the sign of x, not of dout: a negative dout still flows back where x > 0"),
    gradcheck_test("gradient check of dx against your relu_forward", "relu_forward",
                   lambda rng: (_away_from_zero(rng, (5, 4)),), [Param("x", (0,), ())], backward="relu_backward",
                   make_dout=lambda rng, args: rng.normal(size=args[0].shape), hint=RELU_BWD),
    Test("degenerate: all zeros (2, 3)",
         lambda rng: _pair("relu_forward", "relu_backward", (np.zeros((2, 3)),), np.ones((2, 3))), hint=RELU_BWD),
])), _large_test("a large layer: 128 x 1024 inputs (in milliseconds)",
                 lambda rng: _large_pair(rng, "relu_forward", "relu_backward", [((128, 1024), 1.0)], (128, 1024)),
                 RELU_BWD))

# --------------------------------------------------------------------------- sigmoid

SIG_FWD = "out = 1 / (1 + exp(-x)) elementwise, in (0, 1); return (out, cache)"

sigmoid_forward = Task("sigmoid_forward", [
    Test("(4, 5) values", lambda rng: _forward("sigmoid_forward", rng.normal(0, 2, size=(4, 5))), hint=SIG_FWD),
    Test("x = 0 gives 0.5", lambda rng: _forward("sigmoid_forward", np.zeros((2, 3))),
         hint="sigmoid(0) = 1 / (1 + 1) = 0.5"),
    Test("large |x| (+-40, +-1000)",
         lambda rng: _forward("sigmoid_forward", np.array([[-1000.0, -40.0, 40.0, 1000.0]])),
         hint="sigmoid(-1000) is 0 and sigmoid(1000) is 1; the minus sign goes in exp(-x)"),
    Test("degenerate: one element (1, 1)", lambda rng: _forward("sigmoid_forward", np.zeros((1, 1))), hint=SIG_FWD),
])

SIG_BWD = ("the sigmoid's slope is written with its output s, which the forward cached: if your cache "
           "holds s, use it as it is (sigmoid(s) would apply the sigmoid twice); the notes' "
           "g'(z) = z(1 - z) means a(1 - a) with a = g(z), not the pre-activation; 1 - s^2 is tanh's; "
           "multiply by dout")


def _sigmoid_pair(rng, x):
    return _pair("sigmoid_forward", "sigmoid_backward", (x,), rng.normal(size=x.shape))


sigmoid_backward = _with_large(_backward_tests(Task("sigmoid_backward", [
    Test("(4, 5) values", lambda rng: _sigmoid_pair(rng, rng.normal(0, 2, size=(4, 5))), hint=SIG_BWD),
    Test("x = 0: derivative 1/4",
         lambda rng: _pair("sigmoid_forward", "sigmoid_backward", (np.zeros((2, 2)),), np.ones((2, 2))),
         hint="sigmoid'(0) = 0.5 * (1 - 0.5) = 0.25; " + SIG_BWD),
    Test("upstream gradient multiplies", lambda rng: _pair("sigmoid_forward", "sigmoid_backward",
                                                           (rng.normal(size=(3, 3)),), np.full((3, 3), 3.0)),
         hint="chain rule: your dx misses the upstream gradient: multiply the local slope by dout"),
    gradcheck_test("gradient check of dx against your sigmoid_forward", "sigmoid_forward",
                   lambda rng: (rng.normal(0, 2, size=(5, 3)),), [Param("x", (0,), ())], backward="sigmoid_backward",
                   make_dout=lambda rng, args: rng.normal(size=args[0].shape), hint=SIG_BWD),
    Test("degenerate: one element (1, 1)",
         lambda rng: _pair("sigmoid_forward", "sigmoid_backward", (np.zeros((1, 1)),), np.ones((1, 1))), hint=SIG_BWD),
])), _large_test("a large layer: 128 x 1024 inputs (in milliseconds)",
                 lambda rng: _large_pair(rng, "sigmoid_forward", "sigmoid_backward", [((128, 1024), 2.0)], (128, 1024)),
                 SIG_BWD))

# --------------------------------------------------------------------------- losses

SCE = ("your loss or dlogits is off: the loss is a mean over the examples (not a sum), and dlogits has "
       "the logits' shape, sums to 0 along each row and carries the mean's 1/m exactly once")


def _sce(rng, m, k, scale=2.0):
    return Case([Call("softmax_cross_entropy", (rng.normal(0, scale, size=(m, k)), rng.integers(0, k, size=m)))])


def _sce_args(rng, m=5, k=4):
    return rng.normal(0, 2, size=(m, k)), rng.integers(0, k, size=m)


SCE_PARAMS = [Param("logits", (0,), ())]

softmax_cross_entropy = Task("softmax_cross_entropy", [
    Test("batch of 5, 4 classes", lambda rng: _sce(rng, 5, 4), hint=SCE),
    Test("batch of one", lambda rng: _sce(rng, 1, 3),
         hint="the gradient of one example is softmax(z) - onehot(y): subtract the one-hot"),
    Test("batch of 10: the 1/m", lambda rng: _sce(rng, 10, 3),
         hint="the loss is the mean over the batch, so every row of dlogits carries 1/m, exactly once"),
    Test("huge logits (|z| ~ 1000)", lambda rng: Case([Call("softmax_cross_entropy", (
        np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0], [3.0, 1000.0, -2.0]]), np.array([2, 0, 1])))]),
        hint="subtract each row's max before exp (or use log_softmax): exp(1000) overflows to inf"),
    Test("labels 0 and K-1",
         lambda rng: Case([Call("softmax_cross_entropy", (rng.normal(size=(4, 4)), np.array([0, 3, 3, 0])))]),
         hint="labels are 0-based class ids: row i's true class is column y[i]"),
    gradcheck_test("gradient check of dlogits against your loss", "softmax_cross_entropy", _sce_args, SCE_PARAMS,
                   hint=SCE),
    Test("degenerate: constant logits (3, 4)",
         lambda rng: Case([Call("softmax_cross_entropy", (np.zeros((3, 4)), np.array([0, 1, 3])))]), hint=SCE),
])

BCE = ("the loss is the mean over all elements (not the sum) of the stable from-logits binary cross-entropy; "
       "dz has z's shape and carries that mean's 1/m once")


def _bce(rng, shape, scale=2.0):
    z, y = rng.normal(0, scale, size=shape), rng.integers(0, 2, size=shape).astype(float)
    return Case([Call("bce_with_logits", (z, y))])


def _bce_args(rng, shape=(7,)):
    return rng.normal(0, 2, size=shape), rng.integers(0, 2, size=shape).astype(float)


BCE_PARAMS = [Param("z", (0,), ())]

bce_with_logits = Task("bce_with_logits", [
    Test("batch of 8 logits (m,)", lambda rng: _bce(rng, (8,)), hint=BCE),
    Test("column of logits (m, 1)", lambda rng: _bce(rng, (5, 1)),
         hint="dz has z's shape: (m, 1) in, (m, 1) out; the loss is one number"),
    Test("huge logits, both signs (|z| = 1000)", lambda rng: Case([Call("bce_with_logits", (
        np.array([1000.0, -1000.0, 1000.0, -1000.0]), np.array([1.0, 0.0, 0.0, 1.0])))]),
        hint="never take log(sigmoid(z)): use max(z, 0) - z*y + log1p(exp(-|z|)), which never overflows"),
    Test("z exactly 0", lambda rng: Case([Call("bce_with_logits", (np.zeros(2), np.array([1.0, 0.0])))]),
         hint="at z = 0 the loss is log 2 and dz = (0.5 - y) / m"),
    Test("batch of 10: the 1/m", lambda rng: _bce(rng, (10,)),
         hint="your dz is off by the batch size: the gradient of a mean carries its 1/m (exactly once)"),
    gradcheck_test("gradient check of dz against your loss", "bce_with_logits", _bce_args, BCE_PARAMS, hint=BCE),
    Test("degenerate: one element", lambda rng: Case([Call("bce_with_logits", (np.zeros(1), np.array([1.0])))]),
         hint=BCE),
])

# --------------------------------------------------------------------------- MLP


def _params(rng, sizes):
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        params[f"W{layer}"] = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out)) * 1.5
        params[f"b{layer}"] = rng.normal(0.0, 0.3, size=n_out)
    return params


def _hidden_margin(X, params):
    """The smallest |pre-activation| of any hidden unit (how close the ReLUs are to their kink)."""
    # That takes an MLP forward pass, mlp_forward's answer: it lives with the hidden tests, and
    # builders run only where fixtures are made, in the course repository.
    from graders.exercises.exercise4_hidden import hidden_margin

    return hidden_margin(X, params)


def _mlp_args(rng, m, sizes, margin=0.0):
    """(X, y, params) for a network of layer sizes ``sizes``; with ``margin``, no ReLU within it of the kink."""
    for _ in range(200):
        X = rng.normal(0.0, 1.0, size=(m, sizes[0]))
        params = _params(rng, sizes)
        if margin <= 0 or _hidden_margin(X, params) >= margin:
            break
    return X, rng.integers(0, sizes[-1], size=m), params


MLP_FWD = ("for l = 1..L: a = a @ W_l + b_l, then ReLU (not sigmoid, not nothing) on every layer except the last "
           "(no ReLU on the logits); loop over L = len(params) // 2 layers, not a fixed two")


def _mlp_fwd(rng, m, sizes):
    X, _, params = _mlp_args(rng, m, sizes)
    return Case([Call("mlp_forward", (X, params))])


mlp_forward = Task("mlp_forward", [
    Test("two layers 4 -> 5 -> 3, batch of 6", lambda rng: _mlp_fwd(rng, 6, (4, 5, 3)), hint=MLP_FWD),
    Test("three layers 6 -> 5 -> 4 -> 3", lambda rng: _mlp_fwd(rng, 4, (6, 5, 4, 3)), hint=MLP_FWD),
    Test("one layer (logistic/softmax regression): no ReLU", lambda rng: _mlp_fwd(rng, 5, (3, 4)),
         hint="with one layer the output is x @ W1 + b1: the output layer is linear, no ReLU on the logits"),
    Test("the notes' digits net 64 -> 25 -> 15 -> 10", lambda rng: _mlp_fwd(rng, 3, (64, 25, 15, 10)),
         hint="Dense(25, relu) -> Dense(15, relu) -> Dense(10, linear): ReLU in the hidden layers only"),
    Test("degenerate: one example, one layer, all zeros",
         lambda rng: Case([Call("mlp_forward", (np.zeros((1, 2)), {"W1": np.zeros((2, 1)), "b1": np.zeros(1)}))]),
         hint=MLP_FWD),
])

MLP_BWD = ("backpropagate through every layer in reverse from the loss's dlogits: each dense layer's "
           "backward gives its parameters' gradients and the gradient for the layer below, each ReLU "
           "passes it only where its input was positive; the 1/m comes in once, from the loss (not "
           "again in dW, db); dW_l has W_l's shape (not its transpose); the grads dict uses the "
           "params' keys (W1, b1, ..., not dW1)")


def _mlp_grad_params(L):
    names = [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]
    return [Param(name, (2, name), (name,)) for name in names]


def _mlp_grads(rng, m, sizes):
    return Case([Call("mlp_loss_and_grads", _mlp_args(rng, m, sizes))])


def _large_mlp(rng, m=64, sizes=(300, 300, 10)):
    """mlp_loss_and_grads on 64 x 300 inputs and a 300 -> 300 -> 10 net made in the child: the loss,
    and the gradients reduced to random projections (~180,000 parameters to difference)."""
    keys = [f"{kind}{layer}" for layer in range(1, len(sizes)) for kind in "Wb"]
    shapes = [(n_in, n_out) if kind == "W" else (n_out,) for n_in, n_out in zip(sizes[:-1], sizes[1:])
              for kind in "Wb"]
    calls = [_uniform(rng, shape, n_in ** -0.5 if len(shape) == 2 else 0.1)
             for shape, n_in in zip(shapes, [s for s in sizes[:-1] for _ in "Wb"])]
    calls.append(_uniform(rng, (m, sizes[0])))
    y = rng.integers(0, sizes[-1], size=m)
    params = {key: Out(i) for i, key in enumerate(keys)}
    k = len(calls)
    calls += [Call("mlp_loss_and_grads", (Out(k - 1), y, params)), Call("callables.projections", (Out(k, 1), _seed(rng)))]
    return Case(calls, (Out(k, 0), Out(k + 1)))


mlp_loss_and_grads = Task("mlp_loss_and_grads", [
    Test("two layers 4 -> 5 -> 3, batch of 6", lambda rng: _mlp_grads(rng, 6, (4, 5, 3)), hint=MLP_BWD),
    Test("three layers 5 -> 6 -> 4 -> 3, batch of 8", lambda rng: _mlp_grads(rng, 8, (5, 6, 4, 3)), hint=MLP_BWD),
    Test("batch of one", lambda rng: _mlp_grads(rng, 1, (3, 4, 2)),
         hint="db_l sums dz over the batch axis (axis=0) and has b_l's shape, even for one example"),
    Test("equal widths 4 -> 4 -> 4 -> 4 (which layer's ReLU mask?)", lambda rng: _mlp_grads(rng, 5, (4, 4, 4, 4)),
         hint="backpropagating into layer l-1 uses the mask of layer l-1's pre-activation z_{l-1} > 0, applied "
              "to da before dense_backward of layer l-1"),
    Test("one layer: softmax regression", lambda rng: _mlp_grads(rng, 4, (3, 3)),
         hint="with one layer there is no ReLU: the only layer's gradients come straight from dlogits and X"),
    gradcheck_test("gradient check of every W_l, b_l against your loss", "mlp_loss_and_grads",
                   lambda rng: _mlp_args(rng, 6, (4, 5, 3), margin=0.01), _mlp_grad_params(2), hint=MLP_BWD),
    _large_test("a large net: 64 x 300 inputs, 300 -> 300 -> 10 (in milliseconds)", _large_mlp, MLP_BWD),
    Test("degenerate: all-zero inputs and weights, one layer",
         lambda rng: Case([Call("mlp_loss_and_grads", (np.zeros((2, 3)), np.array([0, 1]),
                                                       {"W1": np.zeros((3, 2)), "b1": np.zeros(2)}))]),
         hint=MLP_BWD),
])

# --------------------------------------------------------------------------- gradient_check

CORRECT_BELOW = 1e-7
WRONG_ABOVE = 1e-4
GC = ("numeric_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every element (centred, one coordinate at a "
      "time); return max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|)")


def _below(threshold):
    def predicate(got, case, expected):
        value = float(np.asarray(got).reshape(()))
        if not np.isfinite(value):
            return (f"returned {value} for a correct gradient: keep the denominator away from 0 with "
                    f"max(1e-8, |a| + |n|) (both gradients are 0 at some coordinates)")
        if not 0.0 <= value < threshold:
            return f"returned {value:.3g} for a correct gradient; a correct gradient must give below {threshold:g}"
        return None

    return predicate


def _rosenbrock_grad(x):
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return g


def _quadratic(rng, n=5):
    B = rng.normal(size=(n, n))
    A = B @ B.T + n * np.eye(n)
    c = rng.normal(size=n)
    x = rng.normal(size=n)
    return Fn("quadratic_form", {"A": A, "c": c}), x, A @ x + c


def _gc_correct_quadratic(rng):
    f, x, grad = _quadratic(rng)
    return Case([Call("gradient_check", (f, x, grad))])


def _gc_correct_rosenbrock(rng):
    x = rng.uniform(-1.5, 1.5, size=4)
    return Case([Call("gradient_check", (Fn("rosenbrock"), x, _rosenbrock_grad(x)))])


def _gc_zero_coordinates(rng):
    x = rng.normal(size=(3, 4))
    x[0, 1] = x[2, 3] = x[1, 0] = 0.0
    return Case([Call("gradient_check", (Fn("sum_squares"), x, 2.0 * x))])


def _gc_factor_two(rng):
    x = rng.normal(size=6)
    return Case([Call("gradient_check", (Fn("sum_squares"), x, x.copy()))])  # d/dx sum x^2 is 2x, not x


def _gc_one_coordinate(rng):
    f, x, grad = _quadratic(rng, 6)
    grad = grad.copy()
    grad[2] *= 1.01  # one entry 1% off: the max must find it, a norm or mean would dilute it
    return Case([Call("gradient_check", (f, x, grad))])


def _gc_transposed(rng):
    x = rng.normal(size=(3, 3))
    return Case([Call("gradient_check", (Fn("sum_squares"), x, 2.0 * x.T))])


def _gc_sign(rng):
    x = rng.uniform(-1.5, 1.5, size=5)
    return Case([Call("gradient_check", (Fn("rosenbrock"), x, -_rosenbrock_grad(x)))])


gradient_check = Task("gradient_check", [
    Test("correct gradient of a quadratic form is accepted", _gc_correct_quadratic, Property(_below(CORRECT_BELOW)),
         hint=f"a correct gradient must give below {CORRECT_BELOW:g}: your numeric gradient is not accurate enough "
              f"(one-sided differences have an O(eps) error, far above that; nudge both ways)"),
    Test("correct gradient of Rosenbrock's function is accepted", _gc_correct_rosenbrock,
         Property(_below(CORRECT_BELOW)),
         hint="perturb one coordinate at a time by +eps and -eps, restoring it in between; " + GC),
    Test("coordinates where both gradients are exactly 0", _gc_zero_coordinates, Property(_below(CORRECT_BELOW)),
         hint="|a - n| / (|a| + |n|) is 0/0 = NaN where both are 0: floor the denominator with max(1e-8, ...); "
              "x can be a matrix: loop over every element (np.ndindex(x.shape) or x.flat)"),
    Test("gradient missing its factor 2 (x instead of 2x) is rejected", _gc_factor_two, Compare(rtol=1e-5, atol=1e-9),
         hint="for a = x and n = 2x the relative error is |x - 2x| / (|x| + |2x|) = 1/3: " + GC),
    Test("one coordinate 1% off is rejected (max, not a norm or a mean)", _gc_one_coordinate,
         Compare(rtol=1e-5, atol=1e-9),
         hint="take the elementwise relative error and its max over elements; a norm ratio or a mean dilutes a "
              "single wrong entry"),
    Test("transposed matrix gradient is rejected", _gc_transposed, Compare(rtol=1e-5, atol=1e-9),
         hint="compare element by element at the same index: x is a (3, 3) matrix here; " + GC),
    Test("gradient with the wrong sign is rejected", _gc_sign, Compare(rtol=1e-5, atol=1e-9),
         hint="use absolute values in the denominator, |a| + |n|, not a + n (opposite signs cancel there)"),
])

TASKS = [dense_forward, dense_backward, relu_forward, relu_backward, sigmoid_forward, sigmoid_backward,
         softmax_cross_entropy, bce_with_logits, mlp_forward, mlp_loss_and_grads, gradient_check]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise4 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "dense_forward": (
        "Examples are rows: each row of x meets every column of W (one column per unit), and the bias is "
        "broadcast to every example. Keep what the backward pass needs in the cache.",
        "out = x W + b: (m, n_in)(n_in, n_out) + (n_out,) -> (m, n_out); cache = (x, W).",
    ),
    "dense_backward": (
        "Write the forward as out_ij = sum_k x_ik W_kj + b_j, differentiate one entry, then match shapes: each "
        "gradient has the shape of what it is the gradient of. b is added to every example, so its gradient "
        "collects over the batch; the 1/m is already inside dout.",
        "dx = dout W^T (m, n_in); dW = x^T dout (n_in, n_out); db = sum over the batch (rows) of dout (n_out,).",
    ),
    "relu_forward": (
        "ReLU keeps positive entries and zeroes the rest, elementwise; cache its input for the backward pass.",
        "out = max(0, x) elementwise; cache = x.",
    ),
    "relu_backward": (
        "ReLU's local slope is 1 where its input was positive and 0 elsewhere: the upstream gradient passes "
        "through unchanged where the unit was on and stops where it was off.",
        "dx = dout ⊙ [x > 0] (elementwise product with the 0/1 indicator of the cached input).",
    ),
    "sigmoid_forward": (
        "Compute the sigmoid elementwise without overflow, and cache its output: the backward pass needs it.",
        "out = 1 / (1 + e^(-x)) (the stable form by sign of x); cache = out.",
    ),
    "sigmoid_backward": (
        "The sigmoid's local slope is written with its own output s, which the forward pass cached: multiply "
        "the upstream gradient by that slope, elementwise.",
        "dx = dout ⊙ s ⊙ (1 - s), with s the cached sigmoid output.",
    ),
    "softmax_cross_entropy": (
        "The mean cross-entropy of softmax(logits): compute log-probabilities stably (log-sum-exp), pick the "
        "true class's. Its gradient with respect to the logits is the predicted probabilities minus the one-hot "
        "labels, divided by the batch size.",
        "loss = -(1/m) sum_i log softmax(z_i)[y_i]; dlogits = (softmax(z) - onehot(y)) / m.",
    ),
    "bce_with_logits": (
        "The mean binary cross-entropy of sigmoid(z), in its stable from-logits form; its gradient per element "
        "is the prediction minus the label, with the 1/(number of elements) of the mean.",
        "loss = mean(max(z, 0) - z y + log(1 + e^(-|z|))); dz = (sigmoid(z) - y) / N, N = number of elements of z.",
    ),
    "mlp_forward": (
        "Chain the layers: dense then ReLU for every hidden layer, dense alone for the output (linear logits). "
        "Loop over the layers by their number (W1, b1, W2, ...), however many there are.",
        "a_0 = X; a_l = relu(a_(l-1) W_l + b_l) for l < L; logits = a_(L-1) W_L + b_L.",
    ),
    "mlp_loss_and_grads": (
        "Forward while caching every layer, take the loss and dlogits from softmax_cross_entropy, then walk the "
        "layers backwards: dense_backward gives the parameter gradients and the gradient for the layer below, "
        "relu_backward carries it through each activation.",
        "delta_L = dlogits; for l = L..1: dW_l = a_(l-1)^T delta_l, db_l = sum over rows of delta_l, "
        "d a_(l-1) = delta_l W_l^T, and delta_(l-1) = d a_(l-1) ⊙ [z_(l-1) > 0].",
    ),
    "gradient_check": (
        "Estimate every entry of the gradient by centred differences (nudge one entry, restore it), then "
        "compare with the analytic gradient by the worst relative error over the entries, with a floor so "
        "0/0 never happens.",
        "n_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps); error = max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|).",
    ),
})
