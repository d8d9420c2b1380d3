"""exercise6: regularization — the tests of each task.

Every test names the mistake it exists to catch; its hint is what a student reads on failure.
Public tests use the stored fixtures; the hidden ones live in ``exercise6_hidden.py`` (not in the handout).

Dropout is random, so it is graded by properties (never against the reference's mask);
``dropout_backward`` gets a mask the test supplies, so it is graded independently of
``dropout_forward``. Batch norm is compared with the reference (whose conventions the
project's tests prove equal to ``keras.layers.BatchNormalization``) and its backward is
gradient-checked against the student's own forward.

The statistical tolerances of the dropout properties are at least 5 standard deviations of the
statistic for a correct solution (tests/graders/exercises/test_exercise6.py checks the arithmetic),
so a correct solution drawing its own random numbers practically never fails by bad luck, while the
mistakes (keep probability for rate, no inverted scaling) miss by 20 or more.
"""

import numpy as np

from graders.gradcheck import Param, gradcheck_test
from graders.spec import ArgAfter, Call, Case, Compare, Out, Property, Rng, Task, Test, call, with_hints

# --------------------------------------------------------------------------- L2


def _kernels(rng, shapes):
    return [rng.normal(0.0, 1.0, size=s) for s in shapes]


L2_SCALE = ("Keras's L2: lam * sum of W^2 -- no 1/2 and no 1/m (other courses write (lam/2m)||W||^2; "
            "here the 1/2 and the 1/m are not there)")
L2_ALL = "add up lam * sum(W**2) over EVERY kernel in the list, not only the first"

l2_penalty = Task("l2_penalty", [
    Test("two kernels (3, 4) and (4, 2), lam = 0.01",
         lambda rng: call("l2_penalty", _kernels(rng, [(3, 4), (4, 2)]), 0.01), hint=L2_SCALE),
    Test("one kernel, lam = 0.5 (no 1/2 factor)",
         lambda rng: call("l2_penalty", _kernels(rng, [(5, 3)]), 0.5), hint=L2_SCALE),
    Test("three kernels of different sizes (sum, not mean, of squares)",
         lambda rng: call("l2_penalty", _kernels(rng, [(8, 6), (6, 4), (4, 1)]), 0.1),
         hint="square every entry and SUM them: a mean (np.mean) divides by the number of weights, "
              "a 1/m Keras does not have"),
    Test("kernels of both signs (squares, not absolute values)",
         lambda rng: call("l2_penalty", [np.array([[1.0, -2.0], [-3.0, 0.5]]), np.array([[-1.5], [2.5]])], 0.25),
         hint="L2 squares each weight: lam * sum(W**2); lam * sum(|W|) is L1, and ||W|| (no square) is not L2 either"),
    Test("a list of three kernels: every one counts",
         lambda rng: call("l2_penalty", _kernels(rng, [(2, 3), (3, 3), (3, 2)]), 1.0), hint=L2_ALL),
])

L2_GRAD = "d/dW (lam * sum W^2) = 2 * lam * W (the 2 stays: Keras's penalty has no 1/2 to cancel it)"

l2_grad = Task("l2_grad", [
    Test("kernel (4, 3), lam = 0.01", lambda rng: call("l2_grad", rng.normal(size=(4, 3)), 0.01), hint=L2_GRAD),
    Test("lam = 0.5: the factor 2 is there", lambda rng: call("l2_grad", rng.normal(size=(3, 5)), 0.5), hint=L2_GRAD),
    Test("tall kernel (10, 2): no 1/m", lambda rng: call("l2_grad", rng.normal(size=(10, 2)), 0.1),
         hint=L2_GRAD + "; nothing is divided by the number of rows or examples"),
    Test("weights of both signs: proportional to W itself",
         lambda rng: call("l2_grad", np.array([[1.0, -2.0], [-0.5, 3.0]]), 0.25),
         hint="the gradient is 2*lam*W, with W's sign (L1's would be lam*sign(W)); it is added to the data "
              "gradient, and the optimizer subtracts it"),
    Test("degenerate: an all-zero kernel (3, 2)", lambda rng: call("l2_grad", np.zeros((3, 2)), 0.1), hint=L2_GRAD),
])

# --------------------------------------------------------------------------- dropout


def _seed(rng) -> Rng:
    return Rng(int(rng.integers(0, 2**31 - 1)))


def _dropout_case(rng, shape, rate, training=True, low=0.5, high=1.5):
    return call("dropout_forward", rng.uniform(low, high, size=shape), rate, training, _seed(rng))


def _big_dropout_case(rng, shape, rate):
    """A large input with values 1, 2, 3 (so the stored fixture compresses well)."""
    return call("dropout_forward", rng.integers(1, 4, size=shape).astype(float), rate, True, _seed(rng))


def _out_mask(got):
    if not isinstance(got, list) or len(got) != 2 or not all(isinstance(a, np.ndarray) for a in got):
        return None, None, "dropout_forward must return a pair (out, mask) of arrays"
    return got[0], got[1], None


def _shapes(out, mask, x):
    if out.shape != x.shape:
        return f"out has shape {out.shape}, expected x's shape {x.shape}"
    if mask.shape != x.shape:
        return f"mask has shape {mask.shape}, expected x's shape {x.shape}"
    return None


def _identity_at_inference(got, case, expected):
    out, mask, problem = _out_mask(got)
    if problem:
        return problem
    x = case.args[0]
    problem = _shapes(out, mask, x)
    if problem:
        return problem
    if not np.array_equal(out, x):
        return (f"with training=False out must be x unchanged; {int((out != x).sum())} of {x.size} values differ "
                f"(e.g. {int((out == 0).sum())} zeros)")
    if not np.all(mask == 1.0):
        return "with training=False the mask must be all ones (nothing is dropped)"
    return None


def _fraction(rate, tol):
    def predicate(got, case, expected):
        out, mask, problem = _out_mask(got)
        if problem:
            return problem
        x = case.args[0]
        problem = _shapes(out, mask, x)
        if problem:
            return problem
        dropped = float(np.mean(out == 0.0))
        if abs(dropped - rate) > tol:
            return (f"rate={rate}: {dropped:.3f} of the {x.size} outputs are 0, expected about {rate} "
                    f"(within {tol})" + (f"; that is the keep probability 1 - rate = {1 - rate:g}"
                                         if abs(dropped - (1 - rate)) <= tol else ""))
        return None

    return predicate


def _mean_kept(tol):
    def predicate(got, case, expected):
        out, mask, problem = _out_mask(got)
        if problem:
            return problem
        x, rate = case.args[0], case.args[1]
        problem = _shapes(out, mask, x)
        if problem:
            return problem
        ratio = float(out.mean() / x.mean())
        if abs(ratio - 1.0) > tol:
            return (f"rate={rate}: mean(out) / mean(x) = {ratio:.3f}, expected 1 within {tol} "
                    f"(without the 1/(1 - rate) scaling it is about {1 - rate:g})")
        return None

    return predicate


def _mask_consistent(got, case, expected):
    out, mask, problem = _out_mask(got)
    if problem:
        return problem
    x, rate = case.args[0], case.args[1]
    problem = _shapes(out, mask, x)
    if problem:
        return problem
    if not np.all((mask == 0.0) | (mask == 1.0)):
        values = np.unique(mask)[:4]
        return f"mask must hold only 0.0 and 1.0 (unscaled); it has values like {values.tolist()}"
    want = x * mask / (1.0 - rate)
    if not np.allclose(out, want, rtol=1e-9, atol=1e-12):
        bad = int((~np.isclose(out, want, rtol=1e-9, atol=1e-12)).sum())
        kept = mask == 1.0
        scale = float(np.median(out[kept] / x[kept])) if kept.any() else float("nan")
        return (f"out != x * mask / (1 - rate) at {bad} of {x.size} positions; kept units are scaled by "
                f"{scale:.4g}, expected 1/(1 - rate) = {1 / (1 - rate):.4g}")
    return None


def _same_rng_same_mask(got, case, expected):
    if not isinstance(got, list) or len(got) != 3:
        return "expected three masks"
    a, b, c = got
    if not np.array_equal(a, b):
        return ("two calls with generators built from the same seed gave different masks: draw the noise "
                "from the rng argument (rng.uniform / rng.random), not from np.random")
    if np.array_equal(a, c):
        return "generators with different seeds gave the same mask: the noise must come from the rng argument"
    return None


def _rng_case(rng):
    x = rng.uniform(0.5, 1.5, size=(20, 30))
    s1, s2 = _seed(rng), _seed(rng)
    calls = [Call("dropout_forward", (x, 0.4, True, s1)), Call("dropout_forward", (x, 0.4, True, s1)),
             Call("dropout_forward", (x, 0.4, True, s2))]
    return Case(calls, (Out(0, 1), Out(1, 1), Out(2, 1)))


# A fixed weighting of the outputs for the directional derivatives: L(out) = sum(W * out).
def _weights(shape):
    return np.cos(1.0 + np.arange(int(np.prod(shape)))).reshape(shape)


def _dropout_gradcheck_case(rng, shape=(6, 5), rate=0.3, h=1e-5):
    x = rng.normal(size=shape)
    seed = _seed(rng)
    calls = [Call("dropout_forward", (x, rate, True, seed))]
    for _ in range(2):
        v = rng.normal(size=shape)
        v /= np.linalg.norm(v)
        calls += [Call("dropout_forward", (x + h * v, rate, True, seed)),
                  Call("dropout_forward", (x - h * v, rate, True, seed))]
    return Case(calls, (Out(0, 1), [Out(i, 0) for i in range(1, len(calls))]))


def _dropout_gradcheck(got, case, expected, h=1e-5, threshold=1e-7):
    mask, values = got
    x, rate = case.args[0], case.args[1]
    if not isinstance(mask, np.ndarray) or mask.shape != x.shape:
        return f"mask must have x's shape {x.shape}"
    w = _weights(x.shape)
    for k in range(0, len(values), 2):
        v = (case.calls[1 + k].args[0] - case.calls[2 + k].args[0]) / (2 * h)
        numeric = (np.sum(w * values[k]) - np.sum(w * values[k + 1])) / (2 * h)
        analytic = float(np.sum(w * mask / (1.0 - rate) * v))
        err = abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric))
        if err > threshold:
            return (f"gradient check failed: with the rng fixed, d out / d x should be mask / (1 - rate), "
                    f"but finite differences of your out disagree (relative error {err:.1e})")
    return None


DROP_RATE = ("rate is the fraction DROPPED (Keras's Dropout(rate)): keep a unit where u >= rate "
             "(u uniform in [0, 1)), i.e. with probability 1 - rate")
INVERTED = "inverted dropout: scale the kept units by 1 / (1 - rate) while training, so E[out] = x"

dropout_forward = Task("dropout_forward", [
    Test("training=False is the identity", lambda rng: _dropout_case(rng, (6, 7), 0.5, training=False),
         Property(_identity_at_inference),
         hint="at inference (training=False) dropout does nothing: return x itself (a copy) and a mask of ones"),
    Test("dropped fraction near rate = 0.25 (10,000 units)", lambda rng: _big_dropout_case(rng, (100, 100), 0.25),
         Property(_fraction(0.25, 0.025)), hint=DROP_RATE),
    Test("dropped fraction near rate = 0.6", lambda rng: _big_dropout_case(rng, (100, 100), 0.6),
         Property(_fraction(0.6, 0.03)), hint=DROP_RATE),
    Test("mean kept (inverted scaling), rate = 0.4", lambda rng: _big_dropout_case(rng, (100, 100), 0.4),
         Property(_mean_kept(0.05)), hint=INVERTED),
    Test("mask is 0/1 and out = x * mask / (1 - rate)", lambda rng: _dropout_case(rng, (8, 9), 0.3),
         Property(_mask_consistent),
         hint="return the UNSCALED 0/1 mask (float), and scale only out by 1/(1 - rate): the backward needs the mask "
              "and the rate, not a pre-scaled mask"),
    Test("same rng seed, same mask (noise from the rng argument)", _rng_case, Property(_same_rng_same_mask),
         hint="draw the random numbers from the rng you are given (rng.uniform(size=x.shape)), never from "
              "np.random: the same seed must give the same mask"),
    Test("rate = 0 keeps everything", lambda rng: _dropout_case(rng, (5, 4), 0.0), Property(_identity_at_inference),
         hint="with rate 0 nothing is dropped and 1 / (1 - 0) = 1: out equals x, the mask is all ones"),
    Test("gradient check with the rng fixed", _dropout_gradcheck_case, Property(_dropout_gradcheck),
         hint="out must be x * mask / (1 - rate) with the mask depending only on rng and shape", pure=False),
])


def _mask(rng, shape, rate):
    return (rng.uniform(size=shape) >= rate).astype(float)


def _backward_case(rng, shape, rate):
    return call("dropout_backward", rng.normal(size=shape), _mask(rng, shape, rate), rate)


def _backward_gradcheck(got, case, expected, h=1e-5, threshold=1e-7):
    """Finite differences of the contract's forward, x -> x * mask / (1 - rate), with the test's mask."""
    dout, mask, rate = case.args
    if not isinstance(got, np.ndarray) or got.shape != dout.shape:
        return f"dx must have dout's shape {dout.shape}, got {getattr(got, 'shape', type(got).__name__)}"
    rng = np.random.default_rng(0)
    x = rng.normal(size=dout.shape)

    def loss(x_):
        return float(np.sum(dout * (x_ * mask / (1.0 - rate))))

    errors = []
    for _ in range(3):
        v = rng.normal(size=dout.shape)
        v /= np.linalg.norm(v)
        numeric = (loss(x + h * v) - loss(x - h * v)) / (2 * h)
        analytic = float(np.sum(got * v))
        errors.append(abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric)))
    if max(errors) > threshold:
        return (f"gradient check failed (relative error {max(errors):.1e}, threshold {threshold:.0e}): dx is not "
                f"the gradient of x * mask / (1 - rate) for the given mask")
    return None


DROP_BACK = ("your dx is not scaled like the forward: dropped units get no gradient and kept ones "
             "the same 1/(1 - rate) scale as in the forward")

dropout_backward = Task("dropout_backward", [
    Test("given mask, rate = 0.3", lambda rng: _backward_case(rng, (6, 5), 0.3), hint=DROP_BACK),
    Test("rate = 0.2: scale 1/(1 - rate), not 1/rate", lambda rng: _backward_case(rng, (4, 8), 0.2),
         hint="divide by the keep probability 1 - rate (1.25 here), not by rate"),
    Test("gradient check with the mask fixed", lambda rng: _backward_case(rng, (5, 6), 0.5),
         Property(_backward_gradcheck), hint=DROP_BACK + "; use the mask you are given, don't draw a new one"),
    Test("dropped units get no gradient", lambda rng: call(
        "dropout_backward", rng.normal(size=(3, 4)), np.array([[1.0, 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 0]]), 0.5),
        hint="multiply by the mask: where the forward dropped a unit (mask 0), dx is 0"),
    Test("degenerate: one unit, kept", lambda rng: call("dropout_backward", np.ones((1, 1)), np.ones((1, 1)), 0.5),
         hint=DROP_BACK),
])

# --------------------------------------------------------------------------- batch normalization


def _bn_args(rng, m, d, loc=3.0, scale=2.0):
    x = rng.normal(loc, scale, size=(m, d))
    gamma = rng.uniform(0.5, 2.0, size=d)
    beta = rng.normal(0.0, 1.0, size=d)
    return x, gamma, beta


def _fresh(d):
    return {"mean": np.zeros(d), "var": np.ones(d)}


def _random_running(rng, d):
    return {"mean": rng.normal(0.0, 2.0, size=d), "var": rng.uniform(0.5, 4.0, size=d)}


OUT, RUNNING, BOTH = Out(0, 0), Out(0, 2), (Out(0, 0), Out(0, 2))


def _bn_case(rng, m=8, d=4, training=True, running=None, output=OUT, **kwargs):
    """One call; ``output`` picks out, new_running or both (so each test fails for its own reason)."""
    x, gamma, beta = _bn_args(rng, m, d)
    running = running if running is not None else _fresh(d)
    return Case([Call("batchnorm_forward", (x, gamma, beta, running, training), kwargs)], output)


def _bn_tiny_var(rng):
    x, gamma, beta = _bn_args(rng, 10, 3)
    x[:, 1] = 5.0 + rng.normal(0.0, 0.01, size=10)  # variance ~1e-4, below eps = 1e-3
    return Case([Call("batchnorm_forward", (x, gamma, beta, _fresh(3), True))], OUT)


def _bn_steps(rng, m=6, d=3, steps=3, **kwargs):
    """Three training steps, each feeding the previous new_running back, then one inference call."""
    gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
    calls, running = [], _fresh(d)
    for k in range(steps):
        x = rng.normal(rng.normal(0, 3, size=d), rng.uniform(0.5, 3.0, size=d), size=(m, d))
        calls.append(Call("batchnorm_forward", (x, gamma, beta, running, True), kwargs))
        running = Out(k, 2)
    calls.append(Call("batchnorm_forward", (rng.normal(size=(4, d)), gamma, beta, running, False), kwargs))
    return Case(calls, (Out(steps - 1, 2), Out(steps, 0)))


def _bn_in_place(rng):
    x, gamma, beta = _bn_args(rng, 5, 3)
    running = _random_running(rng, 3)
    return Case([Call("batchnorm_forward", (x, gamma, beta, running, True))], (Out(0, 2), ArgAfter(0, 3)))


BN_TRAIN = ("normalize each feature (column, axis=0) with this batch's mean and BIASED variance "
            "(divide by m, np.var's default), epsilon inside the root, then scale by gamma and shift by beta")
BN_EPS = "eps goes INSIDE the square root: (x - mu) / sqrt(var + eps), not / (sqrt(var) + eps)"
BN_RUNNING = ("Keras's momentum weighs the OLD value: new = momentum * running + (1 - momentum) * batch "
              "(PyTorch's momentum=0.1 weighs the new one), with the biased batch variance")
BN_INFER = ("with training=False normalize with running['mean'] and running['var'] (not the batch's "
            "statistics) and return them unchanged as new_running")

batchnorm_forward = Task("batchnorm_forward", [
    Test("training: batch of 8, 4 features", _bn_case, hint=BN_TRAIN),
    Test("batch of 2: biased variance (divide by m)", lambda rng: _bn_case(rng, m=2, d=3),
         hint="the batch variance divides by m (biased, like Keras): with m = 2 dividing by m - 1 doubles it"),
    Test("a feature with tiny variance (eps inside the sqrt)", _bn_tiny_var, hint=BN_EPS),
    Test("normalize by the standard deviation, not the variance",
         lambda rng: Case([Call("batchnorm_forward", (rng.normal(0, 5, size=(6, 2)), np.ones(2), np.zeros(2),
                                                      _fresh(2), True))], OUT),
         hint="divide by sqrt(var + eps), the standard deviation (the notes' `x /= sigma^2` is a typo): "
              "with gamma = 1 and beta = 0 each column of out has mean 0 and variance about 1"),
    Test("running statistics after one step (momentum 0.99)", lambda rng: _bn_case(rng, output=RUNNING),
         hint=BN_RUNNING),
    Test("non-default momentum = 0.9 and eps = 1e-5",
         lambda rng: _bn_case(rng, m=7, d=3, output=BOTH, momentum=0.9, eps=1e-5),
         hint="use the momentum and eps arguments; " + BN_RUNNING),
    Test("inference (training=False) uses the running statistics",
         lambda rng: _bn_case(rng, m=6, d=4, training=False, running=_random_running(rng, 4), output=BOTH),
         hint=BN_INFER),
    Test("3 training steps feeding new_running back, then inference", _bn_steps,
         hint=BN_RUNNING + "; each step starts from the previous step's new_running. " + BN_INFER),
    Test("running is not modified in place", _bn_in_place,
         hint="build new arrays for new_running (a new dict); modifying running['mean'] in place (+=, *=) "
              "changes the caller's statistics", pure=False),
    Test("one feature (m, 1)", lambda rng: _bn_case(rng, m=5, d=1), hint=BN_TRAIN + "; keep the (d,) shapes"),
    Test("degenerate: constant rows (zero batch variance)",
         lambda rng: Case([Call("batchnorm_forward", (np.full((4, 3), 2.0), np.ones(3), np.zeros(3), _fresh(3), True))],
                          OUT), hint=BN_EPS),
])


def _bn_grad_args(m, d):
    def make(rng):
        x, gamma, beta = _bn_args(rng, m, d, loc=1.0, scale=1.5)
        return (x, gamma, beta, _fresh(d), True)

    return make


def _bn_dout(rng, args):
    return rng.normal(size=args[0].shape)


BN_PARAMS = [Param("x", (0,), (0,)), Param("gamma", (1,), (1,)), Param("beta", (2,), (2,))]


def _bn_backward_case(rng, m=8, d=4, loc=3.0, scale=2.0):
    x, gamma, beta = _bn_args(rng, m, d, loc, scale)
    dout = rng.normal(size=(m, d))
    return Case([Call("batchnorm_forward", (x, gamma, beta, _fresh(d), True)),
                 Call("batchnorm_backward", (dout, Out(0, 1)))])


def _bn_large(rng, m=128, d=512):
    """batchnorm_forward then batchnorm_backward on 128 x 512 inputs made in the child from seeds
    (callables.uniform), the gradients reduced to random projections (callables.projections).
    Points for the concept: differencing the forward one coordinate at a time would need ~130,000
    forward calls (minutes, past the time limit), the backward's formulas take milliseconds."""

    def seed():
        return int(rng.integers(0, 2**31 - 1))

    calls = [Call("callables.uniform", (seed(), (m, d), 1.5)), Call("callables.uniform", (seed(), (d,), 0.5)),
             Call("callables.uniform", (seed(), (d,), 0.5)), Call("callables.uniform", (seed(), (m, d), 1.0))]
    calls += [Call("batchnorm_forward", (Out(0), Out(1), Out(2), _fresh(d), True)),
              Call("batchnorm_backward", (Out(3), Out(4, 1))), Call("callables.projections", (Out(5), seed()))]
    return Case(calls)


BN_BACK = ("dbeta and dgamma are sums over the batch; dx must include the paths through the batch "
           "mean and variance, which depend on every x_i (derive it node by node, as the "
           "instructions ask)")

batchnorm_backward = Task("batchnorm_backward", [
    gradcheck_test("gradient check of x, gamma, beta (batch of 6, 4 features)", "batchnorm_forward",
                   _bn_grad_args(6, 4), BN_PARAMS, backward="batchnorm_backward", make_dout=_bn_dout, directions=1,
                   hint=BN_BACK + "; the mean and variance depend on x, so dx is NOT just dout * gamma * inv_std"),
    Test("against the reference: batch of 8, 4 features", _bn_backward_case, hint=BN_BACK),
    Test("dgamma and dbeta sum over the batch", lambda rng: _bn_backward_case(rng, m=5, d=3),
         hint="your dbeta or dgamma is averaged or left per example: both sum over the examples of the batch"),
    Test("batch of 2", lambda rng: _bn_backward_case(rng, m=2, d=3),
         hint=BN_BACK + " (m, not m - 1: the variance is biased)"),
    Test("a large batch: 128 x 512 inputs (in milliseconds)", _bn_large, Compare(rtol=1e-6, atol=1e-9), pure=False,
         specific=True,
         hint="on a layer this size, differencing the forward one coordinate at a time needs over 100,000 forward "
              "calls (minutes, past the time limit); the backward's formulas take milliseconds: " + BN_BACK),
    Test("degenerate: constant rows (zero batch variance)",
         lambda rng: Case([Call("batchnorm_forward", (np.full((4, 3), 2.0), np.ones(3), np.zeros(3), _fresh(3), True)),
                           Call("batchnorm_backward", (rng.normal(size=(4, 3)), Out(0, 1)))]), hint=BN_BACK),
])

# --------------------------------------------------------------------------- early stopping


def _es(losses, patience, min_delta=None):
    args = (list(losses), patience) if min_delta is None else (list(losses), patience, min_delta)
    return lambda rng: call("early_stopping", *args)


ES_RULE = ("your stop epoch is off: an improvement must beat the best loss so far by more than min_delta, "
           "resets the count of epochs without improvement, and training stops once that count reaches patience")

early_stopping = Task("early_stopping", [
    Test("stops after `patience` epochs without improvement", _es([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 2),
         hint=ES_RULE + "; epochs are 0-based: here it stops at epoch 3, best epoch 1"),
    Test("never stops: stop_epoch is the last epoch", _es([1.0, 0.9, 0.95, 0.8, 0.85], 3),
         hint="if it never stops, stop_epoch = len(val_losses) - 1 and best_epoch is the epoch of the best loss "
              "seen (not stop_epoch - patience)"),
    Test("a tie is not an improvement", _es([1.0, 0.5, 0.5, 0.5, 0.4], 2),
         hint="you counted a tie as an improvement: an equal loss is an epoch without improvement (strict)"),
    Test("min_delta: small improvements do not count", _es([1.0, 0.95, 0.92, 0.7, 0.65, 0.64, 0.63], 3, 0.1),
         hint="with min_delta an epoch improves only if it beats the BEST loss so far (not the previous epoch's) "
              "by more than min_delta"),
    Test("patience 0 stops at the first epoch without improvement", _es([1.0, 0.9, 0.95, 0.8], 0),
         hint="check patience only on epochs without improvement: an improving epoch never stops training "
              "(Keras: patience 0 and 1 both stop at the first epoch that does not improve)"),
    Test("patience 1", _es([2.0, 1.5, 1.2, 1.3, 1.1, 1.0], 1),
         hint=ES_RULE + " (here: stop at epoch 3, the first one without improvement)"),
    Test("the first epoch is always the best so far", _es([0.5, 0.6, 0.7, 0.4], 2),
         hint="start with no best (or best = +inf): epoch 0 is always an improvement"),
    Test("best_epoch is the last improvement, not a later tie", _es([3.0, 2.0, 2.5, 2.0], 5),
         hint="a later epoch with the same loss is not an improvement, so best_epoch stays at the first one"),
    Test("one epoch", _es([0.7], 0), hint="a single epoch: it never stops, so (0, 0)"),
])

TASKS = [l2_penalty, l2_grad, dropout_forward, dropout_backward, batchnorm_forward, batchnorm_backward, early_stopping]


# --------------------------------------------------------------------------- hints on request

# Levels 2 (the idea; graders/hints.py adds the section of instructions.md) and 3 (the formula) of
# each task's hint, for `nnlab check exercise6 --hint TASK`. Level 1 is each failing test's hint.
with_hints(TASKS, {
    "l2_penalty": (
        "Keras's L2 regularizer: lambda times the sum of the squares of every entry of every kernel in the "
        "list, with no 1/2 and no 1/m (other courses rescale lambda; Keras does not).",
        "penalty = lam sum_W sum_ij W_ij^2, summed over every kernel W in weights.",
    ),
    "l2_grad": (
        "Differentiate the penalty one entry at a time: W_ij appears only in its own term lam W_ij^2, and the "
        "power rule brings down a 2 that no 1/2 cancels.",
        "d penalty / dW = 2 lam W (entry by entry, the shape of W).",
    ),
    "dropout_forward": (
        "Keras's rate is the fraction dropped. Draw one uniform number per element from rng, keep the elements "
        "whose number is at least the rate, and scale the kept ones up by 1/(1 - rate) so the expected output "
        "equals the input (inverted dropout). At inference, pass x through unchanged.",
        "u ~ U[0, 1) of x's shape; mask = [u >= rate] (0/1 floats); out = x ⊙ mask / (1 - rate); "
        "training=False: out = x, mask = ones.",
    ),
    "dropout_backward": (
        "With the mask fixed, each output depends on its own input alone, with a constant slope: the chain rule "
        "for one element gives the whole backward pass.",
        "dx = dout ⊙ mask / (1 - rate).",
    ),
    "batchnorm_forward": (
        "Normalize each feature (column) over the batch with its mean and biased variance (epsilon inside the "
        "root), then scale and shift by gamma and beta. In training also update the running statistics, where "
        "momentum weighs the old value; at inference normalize with the running statistics instead.",
        "mu = mean_i x_i, var = mean_i (x_i - mu)^2, x_hat = (x - mu) / sqrt(var + eps), out = gamma x_hat + beta; "
        "new mean = momentum old mean + (1 - momentum) mu, likewise var.",
    ),
    "batchnorm_backward": (
        "dgamma and dbeta are sums over the batch. For dx, mu and var depend on every x_i of the column: go "
        "backwards through the graph node by node (x_hat, then var, then mu) and add the three paths by which "
        "x_i reaches the loss: through x_hat_i, through var and through mu.",
        "dbeta = sum_i dout_i; dgamma = sum_i dout_i x_hat_i; with g = gamma dout and s = sqrt(var + eps): "
        "dx = (1 / (m s)) (m g - sum_i g_i - x_hat sum_i g_i x_hat_i), per column.",
    ),
    "early_stopping": (
        "Walk the losses epoch by epoch, remembering the best loss and how many epochs have passed without "
        "improving on it by more than min_delta; stop as soon as that count reaches the patience.",
        "improvement: loss < best - min_delta (strict) -> best = loss, best_epoch = epoch, wait = 0; "
        "otherwise wait += 1 and stop at this epoch when wait >= patience; never stopping: stop_epoch = last index.",
    ),
})
