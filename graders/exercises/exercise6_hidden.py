"""exercise6: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise6.py``; helpers that compute a graded quantity live here too.
"""

import numpy as np

from graders.exercises.exercise6 import (
    BN_BACK,
    BN_INFER,
    BN_PARAMS,
    BN_RUNNING,
    BN_TRAIN,
    BOTH,
    DROP_BACK,
    DROP_RATE,
    ES_RULE,
    INVERTED,
    L2_ALL,
    L2_GRAD,
    L2_SCALE,
    _backward_case,
    _big_dropout_case,
    _bn_backward_case,
    _bn_case,
    _bn_dout,
    _bn_grad_args,
    _bn_steps,
    _dropout_case,
    _fraction,
    _kernels,
    _mask_consistent,
    _mean_kept,
    _random_running,
)
from graders.gradcheck import gradcheck_test
from graders.spec import Property, Test, call


def _random_kernels(rng):
    return _kernels(rng, [tuple(int(n) for n in rng.integers(1, 7, size=2)) for _ in range(int(rng.integers(1, 4)))])


def _es_random(rng):
    """A noisy decreasing curve with values on a 0.01 grid (ties happen), min_delta off the grid."""
    n = int(rng.integers(8, 25))
    losses = np.round(np.cumsum(rng.normal(-0.02, 0.05, size=n)) + 2.0, 2)
    return call("early_stopping", losses.tolist(), int(rng.integers(0, 5)), float(rng.choice([0.0, 0.035, 0.075])))


HIDDEN = {
    "l2_penalty": [
        Test("random kernels and lam", lambda rng: call("l2_penalty", _random_kernels(rng), float(rng.uniform(0.001, 1.0))),
             hint=L2_SCALE + "; " + L2_ALL, hidden=True),
    ],
    "l2_grad": [
        Test("random kernel and lam", lambda rng: call(
            "l2_grad", rng.normal(size=tuple(int(n) for n in rng.integers(1, 8, size=2))), float(rng.uniform(0.001, 1.0))),
            hint=L2_GRAD, hidden=True),
    ],
    "dropout_forward": [
        Test("dropped fraction, other rate", lambda rng: _big_dropout_case(rng, (150, 200), 0.15),
             Property(_fraction(0.15, 0.015)), hint=DROP_RATE, hidden=True),
        Test("mean kept, other rate", lambda rng: _big_dropout_case(rng, (200, 200), 0.7),
             Property(_mean_kept(0.05)), hint=INVERTED, hidden=True),
        Test("mask consistent, 3-D input", lambda rng: _dropout_case(rng, (3, 4, 5), 0.5, low=-2.0, high=2.0),
             Property(_mask_consistent), hint="out = x * mask / (1 - rate) with an unscaled 0/1 mask of x's shape",
             hidden=True),
    ],
    "dropout_backward": [
        Test("random shape and rate", lambda rng: _backward_case(
            rng, tuple(int(n) for n in rng.integers(1, 9, size=2)), float(rng.uniform(0.05, 0.9))),
            hint=DROP_BACK, hidden=True),
    ],
    "batchnorm_forward": [
        Test("random shape, training",
             lambda rng: _bn_case(rng, m=int(rng.integers(2, 12)), d=int(rng.integers(1, 6)), output=BOTH),
             hint=BN_TRAIN + "; " + BN_RUNNING, hidden=True),
        Test("5 steps, other momentum, then inference",
             lambda rng: _bn_steps(rng, m=int(rng.integers(3, 9)), d=int(rng.integers(1, 5)), steps=5,
                                   momentum=float(rng.uniform(0.5, 0.95))),
             hint=BN_RUNNING + ". " + BN_INFER, hidden=True),
        Test("inference, random running statistics",
             lambda rng: _bn_case(rng, m=3, d=5, training=False, running=_random_running(rng, 5), output=BOTH, eps=1e-4),
             hint=BN_INFER, hidden=True),
    ],
    "batchnorm_backward": [
        gradcheck_test("gradient check, other shape", "batchnorm_forward", _bn_grad_args(9, 2), BN_PARAMS,
                       backward="batchnorm_backward", make_dout=_bn_dout, hint=BN_BACK, hidden=True),
        Test("against the reference, random shape",
             lambda rng: _bn_backward_case(rng, m=int(rng.integers(2, 12)), d=int(rng.integers(1, 6))),
             hint=BN_BACK, hidden=True),
    ],
    "early_stopping": [
        Test("random noisy curve", _es_random, hint=ES_RULE, hidden=True),
        Test("random noisy curve, other seed", _es_random, hint=ES_RULE, hidden=True),
    ],
}
