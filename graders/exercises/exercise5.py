"""exercise5: optimizers — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Update rules are run for several calls in one case: call k gets the w and the config that
call k-1 returned (tests never build optimizer state themselves), and the case returns every
w along the way. ``optimize`` is tested with update rules from ``runner/callables.py``, so it
is graded independently of the student's own rules.
"""

import numpy as np

from graders.spec import ArgAfter, Call, Case, Fn, Out, Property, Rng, Task, Test, call, with_hints


def steps(fn, w0, grads, config=None):
    """Call ``fn`` once per gradient, feeding back the returned (w, config); return every w.

    config=None means the first call gets only (w, dw): the defaults must apply.
    """
    w0 = np.asarray(w0, dtype=float)
    grads = [np.asarray(g, dtype=float) for g in grads]
    first = (w0, grads[0]) if config is None else (w0, grads[0], dict(config))
    calls = [Call(fn, first)]
    for k in range(1, len(grads)):
        calls.append(Call(fn, (Out(k - 1, 0), grads[k], Out(k - 1, 1))))
    return Case(calls, [Out(k, 0) for k in range(len(grads))])


def constant(fn, w0, g, n, config=None):
    """``n`` calls with the same gradient ``g`` (the anchors' worked numbers)."""
    w0 = np.atleast_1d(np.asarray(w0, dtype=float))
    return steps(fn, w0, [np.full_like(w0, g)] * n, config)


def f32(x):
    """A random hyper-parameter rounded to a float32 value: Keras casts Python floats through float32,
    so the TF reference then computes the very same numbers as the NumPy one."""
    return float(np.float32(x))


def random_steps(fn, rng, n, shape=(4,), config=None, scale=1.0):
    w0 = rng.normal(0.0, 1.0, size=shape)
    return steps(fn, w0, [rng.normal(0.0, scale, size=shape) for _ in range(n)], config)


def _config_kept(got, case, expected):
    """The config passed in must be unchanged after the call (same keys, same values)."""
    original = case.calls[0].args[2]
    after = got[1]
    fn = case.calls[0].fn
    if not isinstance(after, dict):
        return f"`{fn}` replaced or emptied its config argument"
    added = sorted(set(after) - set(original))
    if added or set(after) != set(original):
        return (f"`{fn}` modified the config it was given (keys now {sorted(after)}, added {added}): "
                f"return a new dict instead")
    for key, value in original.items():
        if not np.array_equal(np.asarray(after[key], dtype=float), np.asarray(value, dtype=float)):
            return f"`{fn}` changed config[{key!r}] of the dict it was given: return a new dict instead"
    return None


PURE_CONFIG = ("copy the config before writing state into it: config = dict(config or {}). "
               "setdefault or config['v'] = ... on the caller's dict changes it (CS231n's optim.py does that; "
               "here update rules are pure)")


def config_untouched(fn, hyper):
    """One call; return (next_w, the caller's config dict as it is after the call)."""
    def build(rng):
        w, g = rng.normal(size=3), rng.normal(size=3)
        return Case([Call(fn, (w, g, dict(hyper)))], (Out(0, 0), ArgAfter(0, 2)))
    return Test("the config passed in is not modified", build, Property(_config_kept), hint=PURE_CONFIG)


def Long(*args, **kwargs):
    """A test of four or more calls. Purity (w and dw unchanged) is checked by the short tests of
    the same task; checking every call's arguments here too would only double the files written."""
    return Test(*args, pure=False, **kwargs)


STATE = ("keep the state in the config you return and read it back from the config you get: "
         "call k receives the config that call k-1 returned")

# --------------------------------------------------------------------------- sgd

SGD_RULE = "w - learning_rate * dw: step against the gradient"

sgd = Task("sgd", [
    Test("one step, default learning rate (config=None)", lambda rng: random_steps("sgd", rng, 1),
         hint=SGD_RULE + "; with no config the learning rate is Keras's default 0.01"),
    Test("learning_rate 0.5 from config", lambda rng: random_steps("sgd", rng, 1, config={"learning_rate": 0.5}),
         hint="read the learning rate from config['learning_rate'] (missing keys take the default 0.01)"),
    Test("three calls feeding the config back", lambda rng: random_steps("sgd", rng, 3, config={"learning_rate": 0.1}),
         hint="return (next_w, config), with the hyper-parameters still in config for the next call"),
    Test("matrix parameter (3, 4)",
         lambda rng: random_steps("sgd", rng, 2, shape=(3, 4), config={"learning_rate": 0.05}),
         hint="the rule is elementwise: next_w has w's shape"),
    config_untouched("sgd", {"learning_rate": 0.1}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("sgd", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

# --------------------------------------------------------------------------- momentum

MOMENTUM_RULE = ("your steps are not Keras's momentum: the velocity keeps momentum times its old "
                 "value and takes the learning-rate step, and w moves by the NEW velocity "
                 "(Keras/CS231n form; not the moving average with 1 - beta, whose steps are 1 - "
                 "beta times smaller)")
MOMENTUM_DEFAULTS = ("missing keys take the defaults: learning_rate 0.01 (Keras) and momentum 0.9 "
                     "(this course's default for sgd_momentum and nesterov)")

sgd_momentum = Task("sgd_momentum", [
    Test("worked example: lr 0.1, momentum 0.9, gradient 1 -> 0.9, 0.71, 0.439",
         lambda rng: constant("sgd_momentum", 1.0, 1.0, 3, {"learning_rate": 0.1, "momentum": 0.9}),
         hint=MOMENTUM_RULE + "; v lives in the config you return and comes back on the next call"),
    Test("defaults (config=None), three calls", lambda rng: random_steps("sgd_momentum", rng, 3),
         hint=MOMENTUM_DEFAULTS),
    Long("velocity carried across 4 calls (momentum 0.5, changing gradients)",
         lambda rng: random_steps("sgd_momentum", rng, 4, config={"learning_rate": 0.05, "momentum": 0.5}),
         hint=STATE + "; " + MOMENTUM_RULE),
    Test("momentum 0 is plain SGD", lambda rng: random_steps("sgd_momentum", rng, 3, config={"learning_rate": 0.1,
                                                                                           "momentum": 0.0}),
         hint="with momentum 0, v = -learning_rate * dw and the step is plain SGD"),
    Test("matrix parameter (2, 3)",
         lambda rng: random_steps("sgd_momentum", rng, 3, shape=(2, 3), config={"learning_rate": 0.1, "momentum": 0.8}),
         hint="the velocity starts as zeros of w's shape"),
    config_untouched("sgd_momentum", {"learning_rate": 0.1, "momentum": 0.9}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("sgd_momentum", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

NESTEROV_RULE = ("your steps are not Keras's Nesterov momentum: the velocity updates as for "
                 "momentum, then w moves by momentum times the *updated* velocity plus the plain "
                 "gradient step (CS231n's form with v_prev gives the same numbers)")

nesterov = Task("nesterov", [
    Test("worked example: lr 0.1, momentum 0.9, gradient 1 -> 0.81, 0.539, 0.1951",
         lambda rng: constant("nesterov", 1.0, 1.0, 3, {"learning_rate": 0.1, "momentum": 0.9}),
         hint=NESTEROV_RULE + "; v lives in the config you return and comes back on the next call"),
    Test("defaults (config=None), three calls", lambda rng: random_steps("nesterov", rng, 3), hint=MOMENTUM_DEFAULTS),
    Long("velocity carried across 4 calls (momentum 0.7, changing gradients)",
         lambda rng: random_steps("nesterov", rng, 4, config={"learning_rate": 0.05, "momentum": 0.7}),
         hint=STATE + "; " + NESTEROV_RULE),
    Test("matrix parameter (2, 3)",
         lambda rng: random_steps("nesterov", rng, 3, shape=(2, 3), config={"learning_rate": 0.1, "momentum": 0.8}),
         hint="the velocity starts as zeros of w's shape"),
    config_untouched("nesterov", {"learning_rate": 0.1, "momentum": 0.9}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("nesterov", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

# --------------------------------------------------------------------------- adagrad

ADAGRAD_RULE = ("the accumulator adds this step's squared gradient before the step, and the step divides "
                "the gradient by the root of (accumulator + epsilon)")
EPS_INSIDE = "Keras puts epsilon inside the square root: sqrt(G + epsilon), not sqrt(G) + epsilon"

adagrad = Task("adagrad", [
    Test("worked example: lr 0.1, gradient 1 -> 0.904654, 0.835647",
         lambda rng: constant("adagrad", 1.0, 1.0, 2, {"learning_rate": 0.1}),
         hint="the accumulator starts at initial_accumulator_value = 0.1 (Keras), not 0, and dw**2 is added "
              "before the step: " + ADAGRAD_RULE),
    Test("defaults (config=None), three calls", lambda rng: random_steps("adagrad", rng, 3),
         hint="defaults: learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7"),
    Test("large epsilon (0.5) and initial_accumulator_value 1.0",
         lambda rng: random_steps("adagrad", rng, 3, config={"learning_rate": 0.2, "epsilon": 0.5,
                                                              "initial_accumulator_value": 1.0}),
         hint="read epsilon and initial_accumulator_value from config; " + EPS_INSIDE),
    Test("tiny gradients (1e-4) with initial_accumulator_value 0: epsilon placement",
         lambda rng: random_steps("adagrad", rng, 3, config={"learning_rate": 0.1, "initial_accumulator_value": 0.0},
                                  scale=1e-4),
         hint=EPS_INSIDE + ": with G ~ 1e-8 the two differ by a factor of 3 (and the accumulator starts at "
              "config['initial_accumulator_value'], here 0)"),
    Long("accumulator carried across 4 calls",
         lambda rng: random_steps("adagrad", rng, 4, config={"learning_rate": 0.1}),
         hint=STATE + "; G only grows: add dw**2 before the step"),
    config_untouched("adagrad", {"learning_rate": 0.1}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("adagrad", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

# --------------------------------------------------------------------------- rmsprop

RMSPROP_RULE = ("the accumulator is a moving average of squared gradients (weights rho and "
                "1 - rho), and the step divides the gradient by the root of (accumulator + "
                "epsilon): epsilon inside the root")

rmsprop = Task("rmsprop", [
    Test("Keras's doc example: lr 0.1, w = 10, dw = 10 -> 9.683772",
         lambda rng: steps("rmsprop", np.array([10.0]), [np.array([10.0])], {"learning_rate": 0.1}),
         hint="s starts at 0, so after one step s = (1 - rho) * dw**2 with rho = 0.9 by default; " + RMSPROP_RULE),
    Test("defaults (config=None), three calls", lambda rng: random_steps("rmsprop", rng, 3),
         hint="defaults (Keras): learning_rate 0.001, rho 0.9, epsilon 1e-7 (PyTorch's 0.99 and 1e-8 are not these); "
              + STATE),
    Test("tiny gradients (1e-4): epsilon placement",
         lambda rng: random_steps("rmsprop", rng, 3, config={"learning_rate": 0.01}, scale=1e-4),
         hint=EPS_INSIDE + ": with s ~ 1e-9 the two differ by a factor of 10"),
    Long("rho 0.5 over 5 calls",
         lambda rng: random_steps("rmsprop", rng, 5, config={"learning_rate": 0.01, "rho": 0.5}),
         hint="read rho from config, and weight the new square by (1 - rho): " + RMSPROP_RULE),
    Long("mean square carried across 4 calls",
         lambda rng: random_steps("rmsprop", rng, 4, shape=(2, 2), config={"learning_rate": 0.01}),
         hint=STATE),
    config_untouched("rmsprop", {"learning_rate": 0.01, "rho": 0.8}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("rmsprop", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

# --------------------------------------------------------------------------- adam

ADAM_RULE = ("your steps drift from Adam's over several calls: t, m and v must all be carried in the "
             "returned config and updated on every call (t first), and the bias correction uses that call's t")
EPS_HAT = ("with tiny gradients your steps differ: Keras adds epsilon to the root of the uncorrected v, "
           "before the bias correction ('epsilon hat': the correction is folded into the learning rate), "
           "not to the paper's bias-corrected v_hat")
BIAS = "the early steps are off: the bias correction is missing or uses the wrong t (t = 1 on the first call)"

adam = Task("adam", [
    Test("defaults (config=None), three calls", lambda rng: random_steps("adam", rng, 3),
         hint="defaults (Keras): learning_rate 0.001, beta_1 0.9 (for m), beta_2 0.999 (for v); " + BIAS
              + "; t counts the calls (keep it, with m and v, in the returned config)"),
    Test("tiny gradients (1e-6) with the default epsilon",
         lambda rng: random_steps("adam", rng, 3, scale=1e-6),
         hint="Keras's default epsilon is 1e-7 (PyTorch and CS231n use 1e-8); " + EPS_HAT),
    Test("divergence demo: lr 0.1, gradient 1e-6 -> 0.97597, 0.94508, 0.90970 (epsilon hat)",
         lambda rng: constant("adam", 1.0, 1e-6, 3, {"learning_rate": 0.1}), hint=EPS_HAT),
    Test("beta_1 0.8, beta_2 0.888, epsilon 0.01, lr 0.02 over 3 calls",
         lambda rng: random_steps("adam", rng, 3, config={"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.888,
                                                          "epsilon": 0.01}),
         hint="read beta_1, beta_2 and epsilon from config; epsilon is added to sqrt(v), outside the root; " + BIAS),
    Long("six calls with changing gradients: t counts the calls",
         lambda rng: random_steps("adam", rng, 6, config={"learning_rate": 0.01}),
         hint=STATE + " (m, v and t); t goes 1, 2, 3, ... so the bias correction fades out"),
    Test("matrix parameter (3, 2)",
         lambda rng: random_steps("adam", rng, 3, shape=(3, 2), config={"learning_rate": 0.01}),
         hint="m and v start as zeros of w's shape"),
    config_untouched("adam", {"learning_rate": 0.01}),
    Test("degenerate: one parameter at 0, gradient 0 (two calls)",
         lambda rng: steps("adam", np.zeros(1), [np.zeros(1)] * 2),
         hint="next_w has w's shape: (1,) here, not a single number"),
])

# --------------------------------------------------------------------------- minibatches

ONE_PERM = ("draw ONE order = rng.permutation(m) and slice it: batch k is X[order[k*B:(k+1)*B]] and "
            "y[order[k*B:(k+1)*B]] (the same indices for X and y)")
LAST = "keep the last, smaller batch: ceil(m / B) batches, none dropped"


def _batches(rng, m, n, batch_size, seed, label_shape=None):
    X = rng.normal(size=(m, n))
    y = rng.integers(0, 5, size=(m,) if label_shape is None else (m, label_shape)).astype(float)
    return call("minibatches", X, y, batch_size, Rng(seed))


minibatches = Task("minibatches", [
    Test("10 examples, batches of 4: the last batch has 2", lambda rng: _batches(rng, 10, 3, 4, 7),
         hint=LAST + "; " + ONE_PERM),
    Test("12 examples, batches of 4: exact division", lambda rng: _batches(rng, 12, 2, 4, 11), hint=ONE_PERM),
    Test("examples stay with their labels (one permutation)", lambda rng: _batches(rng, 9, 2, 3, 3, label_shape=2),
         hint=ONE_PERM + "; shuffling X and y separately (two permutations) separates examples from their labels"),
    Test("batch larger than the data set: one batch", lambda rng: _batches(rng, 5, 2, 8, 5),
         hint="with B >= m there is one batch holding every example, shuffled"),
    Test("batches of one", lambda rng: _batches(rng, 4, 3, 1, 9), hint=ONE_PERM),
])

# --------------------------------------------------------------------------- optimize

PATH = "return np.array of shape (steps + 1, *w0.shape): row 0 is w0, row k is w after k updates"
FEED = ("pass the config each update returns into the next update call "
        "(w, config = update(w, grad_fn(w), config)): that is where a rule keeps its state")


def _quad(rng, n=2):
    Q = rng.normal(size=(n, n))
    return Fn("quadratic_grad", {"A": Q @ Q.T + n * np.eye(n), "c": rng.normal(size=n)})


optimize = Task("optimize", [
    Test("plain SGD on a quadratic, 5 steps: row 0 is w0",
         lambda rng: call("optimize", _quad(rng), rng.normal(size=2), Fn("plain_sgd", {"learning_rate": 0.1}), None, 5),
         hint=PATH + "; evaluate grad_fn at the current w in every step"),
    Test("a rule with state (momentum): the config is fed back",
         lambda rng: call("optimize", _quad(rng), rng.normal(size=2), Fn("heavy_ball"),
                          {"learning_rate": 0.05, "momentum": 0.8}, 6),
         hint=FEED + "; start from the config you were given"),
    Test("gradient at the current point (Rosenbrock, 20 steps)",
         lambda rng: call("optimize", Fn("rosenbrock_grad"), np.array([-1.0, 1.5]),
                          Fn("plain_sgd", {"learning_rate": 1e-3}), None, 20),
         hint="call grad_fn(w) at the current w in every step, not at w0"),
    Test("steps = 0: the path is just w0", lambda rng: call("optimize", _quad(rng, 3), rng.normal(size=3),
                                                            Fn("plain_sgd"), None, 0),
         hint=PATH + " (so with 0 steps, shape (1, n))"),
    Test("config None passed to a stateful rule",
         lambda rng: call("optimize", _quad(rng), rng.normal(size=2), Fn("heavy_ball"), None, 4),
         hint=FEED),
])

TASKS = [sgd, sgd_momentum, nesterov, adagrad, rmsprop, adam, minibatches, optimize]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise5 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "sgd": (
        "Step against the gradient, scaled by the learning rate (Keras's default when the config does not "
        "give one); return the config as a new dict.",
        "w <- w - eta g, with eta = learning_rate (default 0.01).",
    ),
    "sgd_momentum": (
        "Keep a velocity in the returned config: it remembers past steps (scaled by the momentum) and adds "
        "this step; the weights then move by the new velocity.",
        "v <- mu v - eta g (v starts at 0); w <- w + v (defaults eta = 0.01, mu = 0.9).",
    ),
    "nesterov": (
        "Nesterov's momentum updates the velocity as momentum does, then moves the weights as if looking "
        "ahead: the new velocity scaled by the momentum, plus the plain gradient step.",
        "v <- mu v - eta g; w <- w + mu v - eta g (with the new v).",
    ),
    "adagrad": (
        "Adagrad divides each coordinate's step by the root of all its squared gradients so far: the "
        "accumulator lives in the config, starts at initial_accumulator_value, and grows before the step.",
        "G <- G + g^2 (G starts at 0.1); w <- w - eta g / sqrt(G + eps) (eta = 0.001, eps = 1e-7, inside the root).",
    ),
    "rmsprop": (
        "RMSprop is Adagrad with a leaky accumulator: a moving average of the squared gradients, weighted "
        "by rho, so old gradients fade.",
        "s <- rho s + (1 - rho) g^2 (s starts at 0); w <- w - eta g / sqrt(s + eps) "
        "(eta = 0.001, rho = 0.9, eps = 1e-7, inside the root).",
    ),
    "adam": (
        "Adam keeps moving averages of the gradient (m) and of its square (v), and a step count t in the "
        "config. Both averages start at 0, so early steps are biased towards 0: the bias correction divides "
        "by 1 - beta^t, which Keras folds into the learning rate, with epsilon added after the root.",
        "t <- t + 1; m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; "
        "w <- w - eta sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps) "
        "(eta = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7).",
    ),
    "minibatches": (
        "Shuffle once, with one permutation from rng, then cut the shuffled indices into consecutive slices; "
        "index X and y with the same slice, and keep the smaller last batch.",
        "p = rng.permutation(m); batch k = rows p[kB : (k + 1)B] of X and y, for k = 0 .. ceil(m / B) - 1.",
    ),
    "optimize": (
        "The training loop: at each step ask grad_fn for the gradient at the current w, let the update rule "
        "step, and carry the config it returns into the next call; record w before the first step and "
        "after every step.",
        "w_0 = w0; (w_(k+1), config_(k+1)) = update(w_k, grad_fn(w_k), config_k); return [w_0, ..., w_steps], "
        "shape (steps + 1, *w0.shape).",
    ),
})
