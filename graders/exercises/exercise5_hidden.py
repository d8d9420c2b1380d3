"""exercise5: the hidden tests, rebuilt per student at grading time (instructor only).

Never shipped in the handout. ``pipeline.load_tasks`` appends ``HIDDEN[task]`` to the
public tests of ``exercise5.py``; helpers that compute a graded quantity live here too.
"""

from graders.exercises.exercise5 import (
    ADAGRAD_RULE,
    ADAM_RULE,
    FEED,
    LAST,
    MOMENTUM_RULE,
    NESTEROV_RULE,
    ONE_PERM,
    PATH,
    RMSPROP_RULE,
    SGD_RULE,
    Long,
    _batches,
    _quad,
    f32,
    random_steps,
)
from graders.spec import Fn, Test, call

HIDDEN = {
    "sgd": [
        Test("random shape and learning rate",
             lambda rng: random_steps("sgd", rng, 3, shape=(int(rng.integers(1, 5)), int(rng.integers(1, 5))),
                                      config={"learning_rate": f32(rng.uniform(0.01, 0.5))}),
             hint=SGD_RULE, hidden=True),
    ],
    "sgd_momentum": [
        Long("random shape and hyper-parameters",
             lambda rng: random_steps("sgd_momentum", rng, 5, shape=(int(rng.integers(1, 5)), 3),
                                      config={"learning_rate": f32(rng.uniform(0.01, 0.3)),
                                              "momentum": f32(rng.uniform(0.3, 0.95))}),
             hint=MOMENTUM_RULE, hidden=True),
    ],
    "nesterov": [
        Long("random shape and hyper-parameters",
             lambda rng: random_steps("nesterov", rng, 5, shape=(3, int(rng.integers(1, 5))),
                                      config={"learning_rate": f32(rng.uniform(0.01, 0.3)),
                                              "momentum": f32(rng.uniform(0.3, 0.95))}),
             hint=NESTEROV_RULE, hidden=True),
    ],
    "adagrad": [
        Long("random shape and hyper-parameters",
             lambda rng: random_steps("adagrad", rng, 5, shape=(2, int(rng.integers(1, 5))),
                                      config={"learning_rate": f32(rng.uniform(0.01, 0.5)),
                                              "initial_accumulator_value": f32(rng.uniform(0.0, 1.0)),
                                              "epsilon": f32(10 ** rng.uniform(-8, -1))},
                                      scale=float(10 ** rng.uniform(-4, 0))),
             hint=ADAGRAD_RULE, hidden=True),
    ],
    "rmsprop": [
        Long("random shape and hyper-parameters",
             lambda rng: random_steps("rmsprop", rng, 5, shape=(int(rng.integers(1, 5)), 2),
                                      config={"learning_rate": f32(rng.uniform(0.001, 0.1)),
                                              "rho": f32(rng.uniform(0.5, 0.99)),
                                              "epsilon": f32(10 ** rng.uniform(-8, -2))},
                                      scale=float(10 ** rng.uniform(-4, 0))),
             hint=RMSPROP_RULE, hidden=True),
    ],
    "adam": [
        Long("random shape and hyper-parameters",
             lambda rng: random_steps("adam", rng, 6, shape=(2, int(rng.integers(1, 5))),
                                      config={"learning_rate": f32(rng.uniform(0.001, 0.1)),
                                              "beta_1": f32(rng.uniform(0.5, 0.95)),
                                              "beta_2": f32(rng.uniform(0.8, 0.9999)),
                                              "epsilon": f32(10 ** rng.uniform(-8, -2))},
                                      scale=float(10 ** rng.uniform(-6, 0))),
             hint=ADAM_RULE, hidden=True),
    ],
    "minibatches": [
        Test("random sizes", lambda rng: _batches(rng, int(rng.integers(5, 40)), 3, int(rng.integers(1, 9)),
                                                  int(rng.integers(0, 2**31))),
             hint=ONE_PERM + "; " + LAST, hidden=True),
    ],
    "optimize": [
        Test("random quadratic and steps",
             lambda rng: call("optimize", _quad(rng, 3), rng.normal(size=3), Fn("heavy_ball"),
                              {"learning_rate": f32(rng.uniform(0.01, 0.1))}, int(rng.integers(2, 12))),
             hint=PATH + "; " + FEED, hidden=True),
    ],
}
