"""The NumPy optimizers: the anchors' worked numbers, the interface, and Keras 3 as the outside oracle.

The oracle tests run ``keras.optimizers.*`` on a float64 variable for 100 steps on a quadratic
and on the Rosenbrock function, feeding each optimizer the gradient at its own current point,
and compare every step of the path with the NumPy rule fed the same way.
"""

import contextlib

import numpy as np
import pytest

from reference.numpy import optimizers as O

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

RULES = ["sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def run(rule, w0, g, n, config=None):
    """n calls with a constant gradient, feeding the config back; the w after each call."""
    w, out = np.atleast_1d(np.asarray(w0, dtype=float)), []
    for _ in range(n):
        w, config = getattr(O, rule)(w, np.full_like(w, g), config)
        out.append(w.copy())
    return np.concatenate(out)


# --------------------------------------------------------------------------- anchors

def test_adam_divergence_demo_uses_epsilon_hat():
    # nn_course_anchors.md §6: Keras -> 0.97597, 0.94508, 0.90970; the paper's form gives 0.909, 0.818, 0.727.
    np.testing.assert_allclose(run("adam", 1.0, 1e-6, 3, {"learning_rate": 0.1}), [0.97597, 0.94508, 0.90970], atol=5e-6)


def test_rmsprop_keras_doc_example():
    w, _ = O.rmsprop(np.array([10.0]), np.array([10.0]), {"learning_rate": 0.1})
    assert w[0] == pytest.approx(9.683772, abs=1e-6)


def test_adagrad_starts_its_accumulator_at_0_1():
    np.testing.assert_allclose(run("adagrad", 1.0, 1.0, 2, {"learning_rate": 0.1}), [0.904654, 0.835647], atol=1e-6)


def test_sgd_momentum_and_nesterov_anchor_numbers():
    cfg = {"learning_rate": 0.1, "momentum": 0.9}
    np.testing.assert_allclose(run("sgd_momentum", 1.0, 1.0, 3, cfg), [0.9, 0.71, 0.439], rtol=1e-12)
    np.testing.assert_allclose(run("nesterov", 1.0, 1.0, 3, cfg), [0.81, 0.539, 0.1951], rtol=1e-12)


def test_nesterov_equals_the_cs231n_form():
    rng = np.random.default_rng(0)
    w, v, config = rng.normal(size=4), np.zeros(4), {"learning_rate": 0.05, "momentum": 0.8}
    w_ref = w.copy()
    for _ in range(5):
        g = rng.normal(size=4)
        w_ref, config = O.nesterov(w_ref, g, config)
        v_prev, v = v, 0.8 * v - 0.05 * g
        w = w - 0.8 * v_prev + 1.8 * v
        np.testing.assert_allclose(w_ref, w, rtol=1e-12)


def test_adam_reproduces_cs231n_vector_through_the_epsilon_hat_conversion():
    # CS231n's vector uses the paper's eps = 1e-8 at t = 6; Keras's form gives the same step with
    # eps_hat = eps * sqrt(1 - beta_2**t). Seeding the reference's own state keys (m, v, t) is fine here.
    N, D = 4, 5
    w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
    dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)
    config = {"learning_rate": 1e-2, "epsilon": 1e-8 * np.sqrt(1 - 0.999**6), "t": 5,
              "m": np.linspace(0.6, 0.9, num=N * D).reshape(N, D), "v": np.linspace(0.7, 0.5, num=N * D).reshape(N, D)}
    next_w, config = O.adam(w, dw, config)
    np.testing.assert_allclose(next_w[0, :3], [-0.40094747, -0.34836187, -0.29577703], atol=1e-8)
    assert config["t"] == 6 and config["m"][0, 0] == pytest.approx(0.48) and config["v"][0, 0] == pytest.approx(0.69966)


# --------------------------------------------------------------------------- interface

@pytest.mark.parametrize("rule", RULES)
def test_rules_are_pure_and_keep_state_in_the_returned_config(rule):
    rng = np.random.default_rng(1)
    w, g = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    w0, g0, cfg = w.copy(), g.copy(), {"learning_rate": 0.1}
    w1, c1 = getattr(O, rule)(w, g, cfg)
    assert cfg == {"learning_rate": 0.1} and c1 is not cfg
    np.testing.assert_array_equal(w, w0)
    np.testing.assert_array_equal(g, g0)
    assert w1.shape == w.shape and w1.dtype == np.float64
    # feeding the returned config back is what the tests do; a second call with the same input differs if stateful
    g2 = rng.normal(size=(2, 3))
    w2, _ = getattr(O, rule)(w1, g2, c1)
    w2_fresh, _ = getattr(O, rule)(w1, g2, cfg)
    if rule == "sgd":
        np.testing.assert_allclose(w2, w2_fresh)
    else:
        assert not np.allclose(w2, w2_fresh)


@pytest.mark.parametrize("rule, default_lr", [("sgd", 0.01), ("sgd_momentum", 0.01), ("nesterov", 0.01),
                                              ("adagrad", 0.001), ("rmsprop", 0.001), ("adam", 0.001)])
def test_defaults_apply_with_no_config(rule, default_lr):
    _, config = getattr(O, rule)(np.ones(2), np.ones(2))
    assert config["learning_rate"] == default_lr
    if rule in ("sgd_momentum", "nesterov"):
        assert config["momentum"] == 0.9


def test_minibatches_follow_one_permutation_and_keep_the_last_batch():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    batches = O.minibatches(X, y, 4, np.random.default_rng(5))
    order = np.random.default_rng(5).permutation(10)
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), order)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2.0 * yb)


def test_optimize_records_w0_and_feeds_the_config_back():
    calls = []

    def update(w, dw, config=None):
        calls.append(config)
        return w - 0.5 * dw, {"n": (config or {}).get("n", 0) + 1}

    path = O.optimize(lambda w: 2 * w, np.array([1.0, -2.0]), update, {"n": 0}, 3)
    np.testing.assert_allclose(path, [[1.0, -2.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    assert [c["n"] for c in calls] == [0, 1, 2]
    assert O.optimize(lambda w: w, np.zeros((2, 2)), update, None, 0).shape == (1, 2, 2)


def test_the_instructions_picture_is_drawn_from_the_reference(tmp_path):
    from reference.numpy import plots

    paths = plots.optimizer_paths(40)
    assert set(paths) == set(RULES)
    for name, p in paths.items():
        assert p.shape == (41, 2) and np.array_equal(p[0], plots.START)
        assert np.linalg.norm(p[-1]) < 0.25 * np.linalg.norm(p[0]), name  # every rule gets near the minimum
    out = plots.plot_optimizer_paths(str(tmp_path / "o.png"), steps=10)
    with open(out, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- Keras oracle

KERAS = {
    "sgd": lambda c: keras.optimizers.SGD(learning_rate=c["learning_rate"]),
    "sgd_momentum": lambda c: keras.optimizers.SGD(learning_rate=c["learning_rate"], momentum=c["momentum"]),
    "nesterov": lambda c: keras.optimizers.SGD(learning_rate=c["learning_rate"], momentum=c["momentum"], nesterov=True),
    "adagrad": lambda c: keras.optimizers.Adagrad(**c),
    "rmsprop": lambda c: keras.optimizers.RMSprop(**c),
    "adam": lambda c: keras.optimizers.Adam(**c),
}

A = np.array([[3.0, 0.5], [0.5, 1.0]])


def quadratic_grad(w):
    return A @ w - np.array([1.0, -2.0])


def rosenbrock_grad(w):
    x, y = w
    return np.array([-400.0 * x * (y - x**2) - 2.0 * (1.0 - x), 200.0 * (y - x**2)])


# Keras casts Python-float hyper-parameters through float32 (``ops.cast(0.8, "float64")`` is
# 0.800000011920929) and keeps the learning rate in floatx. With hyper-parameters that are exact in
# float32 and a float64 learning-rate variable, Keras and NumPy compute the same numbers.
EXACT = {
    "sgd": ({"learning_rate": 2**-4}, {"learning_rate": 2**-10}),
    "sgd_momentum": ({"learning_rate": 2**-5, "momentum": 0.75}, {"learning_rate": 2**-13, "momentum": 0.875}),
    "nesterov": ({"learning_rate": 2**-5, "momentum": 0.75}, {"learning_rate": 2**-13, "momentum": 0.875}),
    "adagrad": ({"learning_rate": 0.25, "initial_accumulator_value": 0.25, "epsilon": 2**-10},
                {"learning_rate": 2**-4, "initial_accumulator_value": 0.125, "epsilon": 2**-20}),
    "rmsprop": ({"learning_rate": 2**-6, "rho": 0.75, "epsilon": 2**-14},
                {"learning_rate": 2**-8, "rho": 0.875, "epsilon": 2**-20}),
    "adam": ({"learning_rate": 2**-5, "beta_1": 0.75, "beta_2": 0.9375, "epsilon": 2**-10},
             {"learning_rate": 2**-6, "beta_1": 0.875, "beta_2": 1 - 2**-9, "epsilon": 2**-20}),
}
# Everyday values (not exact in float32), Keras's default float32 learning rate.
EVERYDAY = {
    "sgd": {"learning_rate": 0.05},
    "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.8},
    "nesterov": {"learning_rate": 0.05, "momentum": 0.8},
    "adagrad": {"learning_rate": 0.3, "initial_accumulator_value": 0.2, "epsilon": 1e-3},
    "rmsprop": {"learning_rate": 0.02, "rho": 0.8, "epsilon": 1e-4},
    "adam": {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.95, "epsilon": 1e-3},
}


@contextlib.contextmanager
def floatx(dtype):
    before = keras.config.floatx()
    keras.config.set_floatx(dtype)
    try:
        yield
    finally:
        keras.config.set_floatx(before)


def keras_path(rule, config, grad, w0, steps, lr_dtype):
    """Keras's path: a float64 variable, the gradient taken at the variable's current value."""
    with floatx(lr_dtype):  # the learning-rate variable takes floatx when the optimizer is created
        opt = KERAS[rule](dict(config))
    var = keras.Variable(np.array(w0), dtype="float64")
    path = [var.numpy().copy()]
    for _ in range(steps):
        opt.apply_gradients([(tf.constant(grad(var.numpy())), var)])
        path.append(var.numpy().copy())
    return np.array(path)


def rel_err(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-3)))


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES)
def test_numpy_paths_match_keras_for_100_steps(rule):
    """Quadratic and Rosenbrock, 100 steps, float64 variables: far inside the 1e-6 relative tolerance."""
    for (grad, w0), config in zip([(quadratic_grad, [2.0, 1.0]), (rosenbrock_grad, [-1.0, 1.5])], EXACT[rule],
                                  strict=True):
        w0 = np.array(w0)
        ours = O.optimize(grad, w0, getattr(O, rule), dict(config), 100)
        assert np.all(np.isfinite(ours)) and np.abs(ours).max() < 10  # a real path, not a blow-up
        assert np.abs(ours[-1] - ours[0]).max() > 0.1  # and one that went somewhere
        theirs = keras_path(rule, config, grad, w0, 100, "float64")
        assert rel_err(ours, theirs) < 1e-9, (rule, grad.__name__, rel_err(ours, theirs))  # measured: 0 to 5e-14


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES)
def test_numpy_paths_match_stock_keras_with_everyday_hyper_parameters(rule):
    """Stock Keras (float32 learning rate, float32-rounded betas and momentum): within 1e-4 (measured <= 2.2e-5)."""
    w0 = np.array([2.0, 1.0])
    ours = O.optimize(quadratic_grad, w0, getattr(O, rule), dict(EVERYDAY[rule]), 100)
    theirs = keras_path(rule, EVERYDAY[rule], quadratic_grad, w0, 100, keras.config.floatx())
    assert rel_err(ours, theirs) < 1e-4, (rule, rel_err(ours, theirs))


def test_keras_defaults_are_the_numpy_defaults():
    for name, opt, want in [
        ("adam", keras.optimizers.Adam(), {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}),
        ("rmsprop", keras.optimizers.RMSprop(), {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7}),
        ("adagrad", keras.optimizers.Adagrad(), {"learning_rate": 0.001, "initial_accumulator_value": 0.1,
                                                 "epsilon": 1e-7}),
        ("sgd", keras.optimizers.SGD(), {"learning_rate": 0.01}),
    ]:
        cfg = opt.get_config()
        _, ours = getattr(O, name)(np.ones(1), np.ones(1))
        for key, value in want.items():
            assert cfg[key] == pytest.approx(value, rel=1e-7) and ours[key] == value, (name, key)
