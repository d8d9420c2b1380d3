"""exercise8: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise8.py``; helpers that compute a graded quantity live here too.
"""

import math

from graders.exercises.exercise8 import (
    BACKPROP,
    BCE,
    CEIL,
    COLLAPSE,
    FIT,
    FOLDS,
    GRADS,
    INIT,
    NORMS,
    ONE_PERM,
    RECIPE,
    SELECT,
    THRESHOLD,
    _away_from,
    _collapse_case,
    _diagnose_case,
    _diagnosis_property,
    _fit_case,
    _folds_case,
    _folds_property,
    _folds_rng_case,
    _held_out,
    _init_case,
    _init_property,
    _init_rng_case,
    _loss_case,
    _norms_case,
    _predict_case,
    _selection_case,
    _split_case,
    _split_property,
    _split_rng_case,
)
from graders.spec import Compare, Property, Test


def random_params(rng, sizes, scheme="glorot", bias_scale=0.1):
    """Kernels with Glorot ("glorot") or He ("he") spread and small normal biases: init_params's answer, so here."""
    params = {}
    for layer in range(1, len(sizes)):
        n_in, n_out = sizes[layer - 1], sizes[layer]
        std = math.sqrt(2.0 / (n_in + n_out)) if scheme == "glorot" else math.sqrt(2.0 / n_in)
        params[f"W{layer}"] = rng.normal(0.0, std, size=(n_in, n_out))
        params[f"b{layer}"] = rng.normal(0.0, bias_scale, size=n_out)
    return params


def _random_sizes(rng, low=2, high=9):
    return tuple(int(v) for v in rng.integers(low, high, int(rng.integers(3, 7))))


HIDDEN = {
    "linear_collapse": [
        Test("random sizes", lambda rng: _collapse_case(rng, *(int(v) for v in rng.integers(1, 9, 3))),
             Compare(rtol=1e-10, atol=1e-12), hint=COLLAPSE, hidden=True),
    ],
    "init_params": [
        Test("random large layers, every scheme",
             lambda rng: _init_case(rng, (int(rng.integers(100, 300)), int(rng.integers(100, 300)),
                                          int(rng.integers(2, 10))),
                                    str(rng.choice(["normal", "glorot_uniform", "he_normal"]))),
             Property(_init_property), hint=INIT, hidden=True),
        Test("same seed twice, glorot", lambda rng: _init_rng_case(rng, "glorot_uniform", (30, 40)),
             Property(_init_property), hint="use the rng argument", hidden=True),
    ],
    "gradient_norms": [
        Test("random depth and activation",
             lambda rng: _norms_case(rng, _random_sizes(rng), str(rng.choice(["sigmoid", "relu"])),
                                     m=int(rng.integers(1, 40))),
             NORMS, hint=BACKPROP, hidden=True),
    ],
    "multilabel": [
        Test("random loss", lambda rng: _loss_case(rng, int(rng.integers(1, 20)), int(rng.integers(2, 8)), 3.0),
             GRADS, hint=BCE, hidden=True),
        Test("random predictions", lambda rng: _predict_case(rng, _away_from(rng, 7, 5, 0.65), 0.65),
             hint=THRESHOLD, hidden=True),
    ],
    "splits": [
        Test("random split", lambda rng: _split_case(rng, int(rng.integers(31, 90)), (0.6, 0.15, 0.25)),
             Property(_split_property), hint=CEIL + "; " + ONE_PERM, hidden=True),
        Test("same seed twice, other sizes", lambda rng: _split_rng_case(rng, int(rng.integers(30, 60))),
             Property(_split_property), hint="use the rng argument", hidden=True),
        Test("random folds", lambda rng: _folds_case(rng, int(rng.integers(30, 90)), int(rng.integers(2, 9))),
             Property(_folds_property), hint=FOLDS, hidden=True),
        Test("same seed twice, other folds", lambda rng: _folds_rng_case(rng, int(rng.integers(30, 60)), 3),
             Property(_folds_property), hint="use the rng argument", hidden=True),
    ],
    "bias_variance": [
        Test("random errors", lambda rng: _diagnose_case(*(float(v) for v in rng.uniform(0.0, 0.4, 3)), 0.03)(rng),
             Property(_diagnosis_property, with_reference=True), hint=RECIPE, hidden=True),
    ],
    "model_selection": [
        Test("random data", lambda rng: _selection_case(rng, m_train=int(rng.integers(12, 40))),
             Compare(rtol=1e-6, atol=1e-12), hint=SELECT, hidden=True),
    ],
    "keras_fit_predict": [
        Test("other data", lambda rng: _fit_case(rng, int(rng.integers(2, 5)), 5), Property(_held_out), hint=FIT,
             hidden=True),
    ],
}
