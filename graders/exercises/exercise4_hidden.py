"""exercise4: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise4.py``; helpers that compute a graded quantity live here too.
"""

import numpy as np

from graders.exercises.exercise4 import (
    BCE,
    BCE_PARAMS,
    CORRECT_BELOW,
    DENSE_BWD,
    DENSE_FWD,
    DENSE_PARAMS,
    GC,
    MLP_BWD,
    MLP_FWD,
    RELU_BWD,
    RELU_FWD,
    SCE,
    SCE_PARAMS,
    SIG_BWD,
    SIG_FWD,
    _backward_tests,
    _bce,
    _bce_args,
    _below,
    _dense_args,
    _dense_dout,
    _dense_pair,
    _forward,
    _gc_correct_quadratic,
    _gc_one_coordinate,
    _mlp_args,
    _mlp_fwd,
    _mlp_grad_params,
    _mlp_grads,
    _relu_pair,
    _sce,
    _sce_args,
    _sigmoid_pair,
    _with_zeros,
    gradcheck_test,
)
from graders.spec import Compare, Property, Task, Test


def hidden_margin(X, params):
    """The smallest |pre-activation| of any hidden unit (how close the ReLUs are to their kink)."""
    a, L, margin = X, len(params) // 2, np.inf
    for layer in range(1, L):
        z = a @ params[f"W{layer}"] + params[f"b{layer}"]
        margin = min(margin, float(np.min(np.abs(z))))
        a = np.maximum(z, 0.0)
    return margin


def _shape(rng, low=1, high=8):
    return int(rng.integers(low, high)), int(rng.integers(low, high))


def _sizes(rng, low, high):
    """Random layer sizes of a network of depth in [low - 1, high - 2]."""
    return tuple(int(k) for k in rng.integers(2, 7, size=int(rng.integers(low, high))))


def _dout(rng, args, shape_of):
    return rng.normal(0.0, 1.0, size=shape_of(args))


HIDDEN = {
    "dense_forward": [
        Test("random shape", lambda rng: _forward("dense_forward", *_dense_args(
            rng, int(rng.integers(1, 9)), int(rng.integers(1, 7)), int(rng.integers(1, 7)))), hint=DENSE_FWD, hidden=True),
    ],
    "dense_backward": _backward_tests(Task("dense_backward", [
        Test("random shape", lambda rng: _dense_pair(rng, int(rng.integers(1, 9)), int(rng.integers(1, 7)),
                                                     int(rng.integers(1, 7))), hint=DENSE_BWD, hidden=True),
        gradcheck_test("gradient check, other shape", "dense_forward", lambda rng: _dense_args(rng, 7, 5, 4), DENSE_PARAMS,
                       backward="dense_backward", make_dout=_dense_dout, hint=DENSE_BWD, hidden=True),
    ])).tests,
    "relu_forward": [
        Test("random shape", lambda rng: _forward("relu_forward", rng.normal(size=_shape(rng))),
             hint=RELU_FWD, hidden=True),
    ],
    "relu_backward": _backward_tests(Task("relu_backward", [
        Test("random shape", lambda rng: _relu_pair(rng, _with_zeros(rng, _shape(rng, low=2))),
             hint=RELU_BWD, hidden=True),
    ])).tests,
    "sigmoid_forward": [
        Test("random values", lambda rng: _forward("sigmoid_forward", rng.normal(0, 5, size=(int(rng.integers(1, 8)), 3))),
             hint=SIG_FWD, hidden=True),
    ],
    "sigmoid_backward": _backward_tests(Task("sigmoid_backward", [
        Test("random values", lambda rng: _sigmoid_pair(rng, rng.normal(0, 3, size=(int(rng.integers(1, 8)), 4))),
             hint=SIG_BWD, hidden=True),
    ])).tests,
    "softmax_cross_entropy": [
        Test("random batch", lambda rng: _sce(rng, int(rng.integers(1, 12)), int(rng.integers(2, 8)), 5.0), hint=SCE,
             hidden=True),
        gradcheck_test("gradient check, other shape", "softmax_cross_entropy", lambda rng: _sce_args(rng, 9, 6), SCE_PARAMS,
                       hint=SCE, hidden=True),
    ],
    "bce_with_logits": [
        Test("random batch", lambda rng: _bce(rng, (int(rng.integers(1, 20)),), 10.0), hint=BCE, hidden=True),
        gradcheck_test("gradient check, column shape", "bce_with_logits", lambda rng: _bce_args(rng, (6, 1)), BCE_PARAMS,
                       hint=BCE, hidden=True),
    ],
    "mlp_forward": [
        Test("random depth", lambda rng: _mlp_fwd(rng, int(rng.integers(1, 6)), _sizes(rng, 2, 6)),
             hint=MLP_FWD, hidden=True),
    ],
    "mlp_loss_and_grads": [
        Test("random depth", lambda rng: _mlp_grads(rng, int(rng.integers(1, 9)), _sizes(rng, 2, 5)),
             hint=MLP_BWD, hidden=True),
        gradcheck_test("gradient check, three layers", "mlp_loss_and_grads",
                       lambda rng: _mlp_args(rng, 5, (12, 8, 6, 4), margin=0.01), _mlp_grad_params(3), hint=MLP_BWD,
                       hidden=True),
    ],
    "gradient_check": [
        Test("correct gradient, other quadratic", lambda rng: _gc_correct_quadratic(rng), Property(_below(CORRECT_BELOW)),
             hint=GC, hidden=True),
        Test("one coordinate off, other seed", _gc_one_coordinate, Compare(rtol=1e-5, atol=1e-9), hint=GC, hidden=True),
    ],
}
