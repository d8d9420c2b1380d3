"""graders/gradcheck.py: parent-chosen gradient checks, judged on toy layers evaluated in-process."""

import numpy as np
import pytest

from graders import pipeline
from graders.gradcheck import Param, check_gradients, directional_error, gradcheck_test, gradient_case, relative_error
from graders.spec import Out, decode, encode


def _square_forward(x, W):
    """out = (x @ W)**2, a smooth layer with two inputs."""
    z = x @ W
    return z**2, (x, W, z)


def _square_backward(dout, cache):
    x, W, z = cache
    dz = 2 * z * dout
    return dz @ W.T, x.T @ dz


def _square_backward_wrong_W(dout, cache):
    dx, dW = _square_backward(dout, cache)
    return dx, 3.0 * dW


def _square_forward_shifted(x, W):
    out, cache = _square_forward(x, W)
    return out + 1.0 + x.sum(), cache


def _loss(x, params):
    """A loss-style function: (loss, grads dict) for loss = sum(tanh(x @ A) * B)."""
    A, B = params["A"], params["B"]
    t = np.tanh(x @ A)
    dt = B * (1 - t**2)
    return float(np.sum(t * B)), {"A": x.T @ dt, "B": t}


def _loss_wrong_B(x, params):
    loss, grads = _loss(x, params)
    grads["B"] = grads["B"] * 0.5
    return loss, grads


NAMESPACE = {"fwd": _square_forward, "bwd": _square_backward, "bwd_wrong": _square_backward_wrong_W,
             "fwd_shifted": _square_forward_shifted, "loss": _loss, "loss_wrong": _loss_wrong_B}
PAIR = [Param("x", (0,), (0,)), Param("W", (1,), (1,))]
LOSS = [Param("A", (1, "A"), ("A",)), Param("B", (1, "B"), ("B",))]


def _pair_args(rng):
    return rng.normal(size=(4, 3)), rng.normal(size=(3, 2))


def _loss_args(rng):
    return rng.normal(size=(5, 3)), {"A": rng.normal(size=(3, 4)), "B": rng.normal(size=(5, 4))}


def _judge(test, namespace, seed=0, fns=None, reference=None):
    """Build the test's case, run it in-process with ``namespace`` (names renamed by ``fns``) and judge it."""
    case = test.build(np.random.default_rng(seed))
    program, arrays = encode(case)
    renamed = {**namespace, **{k: namespace[v] for k, v in (fns or {}).items()}}
    got = pipeline.run_reference(program, arrays, renamed)
    expected = pipeline.run_reference(program, arrays, reference or namespace)
    return test.check.predicate(got, decode(program, arrays), expected if test.check.with_reference else None)


def _message(failure):
    return None if failure is None else failure.detail


def pair_test(**kw):
    return gradcheck_test("pair", "fwd", _pair_args, PAIR, backward="bwd",
                          make_dout=lambda rng, args: rng.normal(size=(4, 2)), **kw)


def loss_test(**kw):
    return gradcheck_test("loss", "loss", _loss_args, LOSS, **kw)


@pytest.mark.parametrize("seed", range(5))
def test_a_correct_layer_pair_passes(seed):
    assert _judge(pair_test(), NAMESPACE, seed) is None


def test_a_wrong_parameter_gradient_fails_and_is_named_with_its_error():
    failure = _judge(pair_test(), NAMESPACE, fns={"bwd": "bwd_wrong"})
    assert failure.kind == "gradient" and "wrong: W " in failure.detail and "fine: x " in failure.detail
    # the per-parameter errors are data, not words to parse
    assert set(failure.gradient.errors) == {"x", "W"} and failure.gradient.threshold == 1e-7
    assert failure.gradient.errors["W"] > 1e-2 and failure.gradient.errors["x"] <= 1e-7
    assert list(failure.gradient.wrong) == ["W"] and list(failure.gradient.fine) == ["x"]


def test_the_check_uses_the_students_own_forward_not_the_reference():
    """The child evaluates the student's forward at the perturbed points: a backward consistent with
    the reference but inconsistent with the student's forward fails (with independent=False)."""
    assert _judge(pair_test(independent=False), NAMESPACE, fns={"fwd": "fwd_shifted"}) is not None


def test_a_wrong_forward_is_left_to_the_forwards_task_by_default():
    """independent=True: when the student's forward values differ from the reference's, judge nothing."""
    student = {**NAMESPACE, "fwd": _square_forward_shifted}
    assert _judge(pair_test(), student, reference=NAMESPACE) is None
    # ... but a wrong backward with a right forward is still caught.
    assert _judge(pair_test(), {**NAMESPACE, "bwd": _square_backward_wrong_W}, reference=NAMESPACE) is not None


@pytest.mark.parametrize("seed", range(3))
def test_a_correct_loss_function_with_dict_gradients_passes(seed):
    assert _judge(loss_test(), NAMESPACE, seed) is None


def test_a_wrong_loss_gradient_is_named():
    message = _message(_judge(loss_test(), NAMESPACE, fns={"loss": "loss_wrong"}))
    assert "wrong: B " in message and "fine: A " in message


def test_missing_and_misshapen_gradients_get_clear_messages():
    def no_B(x, params):
        loss, grads = _loss(x, params)
        return loss, {"A": grads["A"]}

    def transposed_A(x, params):
        loss, grads = _loss(x, params)
        return loss, {"A": grads["A"].T, "B": grads["B"]}

    assert "no gradient for B" in _message(_judge(loss_test(), {**NAMESPACE, "loss": no_B}))
    misshapen = _judge(loss_test(), {**NAMESPACE, "loss": transposed_A})
    assert misshapen.kind == "wrong_shape" and misshapen.where == "A"
    assert "gradient of A has shape (4, 3), expected (3, 4)" in misshapen.detail


def test_a_forward_output_of_the_wrong_shape_is_reported_when_not_independent():
    def flat_forward(x, W):
        out, cache = _square_forward(x, W)
        return out.ravel(), cache

    message = _message(_judge(pair_test(independent=False), {**NAMESPACE, "fwd": flat_forward}))
    assert "forward's output has shape (8,)" in message


def test_the_perturbations_live_in_the_case_and_survive_encoding():
    """Public fixtures store the encoded case: decoding gives back the same perturbed points."""
    rng = np.random.default_rng(1)
    args = _pair_args(rng)
    case = gradient_case("fwd", args, PAIR, rng, backward="bwd", dout=np.ones((4, 2)), directions=3)
    assert len(case.calls) == 2 + 2 * 3 * 2
    program, arrays = encode(case)
    again = decode(program, arrays)
    for a, b in zip(case.calls, again.calls, strict=True):
        assert a.fn == b.fn
        for x, y in zip(a.args, b.args, strict=True):
            if isinstance(x, np.ndarray):
                assert np.array_equal(x, y)
    # every direction is a unit vector of its parameter's shape, at distance h from the point
    plus, minus = case.calls[2].args[0], case.calls[3].args[0]
    assert np.isclose(np.linalg.norm(plus - minus) / 2, 1e-5)
    assert np.array_equal(case.calls[2].args[1], args[1])  # only x is moved in x's directions
    assert case.output[0] == Out(1)


def test_directional_error_is_not_fooled_by_a_direction_almost_orthogonal_to_the_gradient():
    """<g, v> ~ 0 makes the plain relative error of two rounding-noise numbers large for a correct
    gradient; scaling by |g||v| keeps it at the noise level, and a wrong gradient still scores high."""
    a, n = 1e-9, 1e-9 + 2e-11  # |g| = 1, rounding noise 2e-11 on n
    assert relative_error(a, n) > 1e-3
    assert directional_error(a, n, scale=1.0) < 1e-10
    assert directional_error(0.5, 1.0, scale=1.0) > 0.2


def test_a_layer_pair_needs_an_upstream_gradient():
    with pytest.raises(ValueError, match="make_dout"):
        gradcheck_test("pair", "fwd", _pair_args, PAIR, backward="bwd")


def test_unexpected_output_structure_is_a_failure_not_a_crash():
    predicate = check_gradients(PAIR, backward=True)
    assert "unexpected output structure" in predicate(np.zeros(3), None, None).detail
