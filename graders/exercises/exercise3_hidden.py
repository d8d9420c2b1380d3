"""exercise3: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise3.py``; helpers that compute a graded quantity live here too.
"""

from graders.exercises.exercise3 import (
    AXIS,
    MEAN,
    SHIFT,
    _bce_case,
    _bcel_case,
    _cce_case,
    _huge_logits,
    _logits,
    _reg_case,
    _scce_case,
)
from graders.spec import Test, call

HIDDEN = {
    "softmax": [
        Test("random shape", lambda rng: call("softmax", _logits(rng, int(rng.integers(2, 9)), int(rng.integers(2, 7)), 10.0)),
             hint=AXIS, hidden=True),
        Test("huge logits, other seed", lambda rng: call("softmax", _huge_logits(rng)), hint=SHIFT, hidden=True),
    ],
    "log_softmax": [
        Test("random shape", lambda rng: call("log_softmax", _logits(rng, int(rng.integers(2, 9)), int(rng.integers(2, 7)), 10.0)),
             hint=AXIS, hidden=True),
    ],
    "categorical_cross_entropy": [
        Test("random batch", lambda rng: _cce_case(rng, m=int(rng.integers(2, 12)), k=int(rng.integers(2, 8))), hint=MEAN, hidden=True),
    ],
    "sparse_categorical_cross_entropy": [
        Test("random batch", lambda rng: _scce_case(rng, m=int(rng.integers(2, 12)), k=int(rng.integers(2, 8)), scale=20.0),
             hint=MEAN, hidden=True),
    ],
    "binary_cross_entropy": [
        Test("random batch", lambda rng: _bce_case(rng, int(rng.integers(2, 20))), hint=MEAN, hidden=True),
    ],
    "binary_cross_entropy_from_logits": [
        Test("random batch", lambda rng: _bcel_case(rng, int(rng.integers(2, 20)), scale=30.0), hint=MEAN, hidden=True),
    ],
    "mse": [
        Test("random shape", lambda rng: _reg_case("mse", rng, (int(rng.integers(2, 9)), int(rng.integers(1, 4)))),
             hint="mean of the squared errors", hidden=True),
    ],
    "mae": [
        Test("random shape", lambda rng: _reg_case("mae", rng, (int(rng.integers(2, 9)), int(rng.integers(1, 4)))),
             hint="mean of the absolute errors", hidden=True),
    ],
}
