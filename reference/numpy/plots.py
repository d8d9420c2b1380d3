"""Pictures for the instructions and the feedback, drawn from the reference (matplotlib, Agg backend).

matplotlib is imported inside each function, so importing this module costs nothing.
"""

import numpy as np

from reference.numpy import optimizers

# An elongated bowl: f(w) = 0.5 w^T A w, ten times steeper along w1 than along w2.
BOWL = np.array([[10.0, 0.0], [0.0, 1.0]])
START = np.array([-1.5, 2.5])

# (rule, config, colour): each rule with a learning rate it is usually run with on a problem of this scale.
OPTIMIZER_RUNS = [
    ("sgd", {"learning_rate": 0.15}, "tab:gray"),
    ("sgd_momentum", {"learning_rate": 0.02, "momentum": 0.9}, "tab:blue"),
    ("nesterov", {"learning_rate": 0.02, "momentum": 0.9}, "tab:cyan"),
    ("adagrad", {"learning_rate": 0.5}, "tab:green"),
    ("rmsprop", {"learning_rate": 0.05}, "tab:orange"),
    ("adam", {"learning_rate": 0.2}, "tab:red"),
]


def optimizer_paths(steps=40):
    """{rule: (steps + 1, 2) path} of every update rule on the bowl, started at START."""
    grad = lambda w: BOWL @ w  # noqa: E731
    return {name: optimizers.optimize(grad, START, getattr(optimizers, name), dict(config), steps)
            for name, config, _ in OPTIMIZER_RUNS}


def plot_optimizer_paths(path, steps=40):
    """Draw the paths of all six update rules on one contour plot of the bowl and save a PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = optimizer_paths(steps)
    x1, x2 = np.meshgrid(np.linspace(-2.0, 2.0, 300), np.linspace(-1.0, 3.0, 300))
    f = 0.5 * (BOWL[0, 0] * x1**2 + BOWL[1, 1] * x2**2)
    fig, ax = plt.subplots(figsize=(7.5, 6.5), dpi=100)
    ax.contour(x1, x2, f, levels=np.geomspace(0.02, 25, 14), colors="0.75", linewidths=0.8)
    for name, config, colour in OPTIMIZER_RUNS:
        p = paths[name]
        label = name + " (" + ", ".join(f"{k.replace('learning_rate', 'lr')}={v:g}" for k, v in config.items()) + ")"
        style = "--o" if name == "adagrad" else "-o"  # Adagrad and RMSprop both start along the diagonal
        ax.plot(p[:, 0], p[:, 1], style, color=colour, markersize=2.5, linewidth=1.3, label=label)
    ax.plot(*START, "ks", markersize=6)
    ax.plot(0, 0, "k*", markersize=12)
    ax.set(xlabel="w1 (steep: curvature 10)", ylabel="w2 (shallow: curvature 1)", xlim=(-2, 2), ylim=(-1, 3),
           title=f"{steps} steps of each update rule on f(w) = 5 w1² + 0.5 w2²")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.95)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


if __name__ == "__main__":  # python -m reference.numpy.plots exercises/exercise5/optimizers.png
    import sys

    print(plot_optimizer_paths(sys.argv[1] if len(sys.argv) > 1 else "optimizers.png"))


# --------------------------------------------------------------------------- exercise8: generalization

def _ridge(degree, lam):
    """fit(X, y) -> w for ridge regression on polynomial features of degree ``degree`` (x in column 0)."""

    def features(x):
        return np.column_stack([x**d for d in range(degree + 1)])

    def fit(x, y):
        F = features(x)
        return np.linalg.solve(F.T @ F + lam * np.eye(degree + 1), F.T @ y)

    def error(w, x, y):
        return float(np.mean((features(x) @ w - y) ** 2))

    return fit, error


def learning_curves(sizes=(14, 16, 20, 25, 30, 40, 60, 80, 120, 160, 200, 300), seed=0):
    """{label: (sizes, J_train, J_val)} for a straight line (high bias) and a degree-12 polynomial
    with almost no regularization (high variance), both fitted to y = sin(3x) + noise."""
    from reference.numpy import model_selection

    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, 600)
    y = np.sin(3.0 * x) + rng.normal(0.0, 0.3, 600)
    x_train, y_train, x_val, y_val = x[:300], y[:300], x[300:], y[300:]
    sizes = np.array(list(sizes))
    curves = {}
    for label, degree, lam in (("straight line (degree 1): high bias", 1, 0.0),
                               ("degree 12, lambda = 1e-9: high variance", 12, 1e-9)):
        fit, error = _ridge(degree, lam)
        curves[label] = (sizes, *model_selection.learning_curve(fit, error, x_train, y_train, x_val, y_val, sizes))
    return curves


def plot_learning_curves(path, seed=0):
    """Error against training-set size, J_train and J_val, for a high-bias and a high-variance model (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), dpi=100, sharey=True)
    for ax, (label, (n, j_train, j_val)) in zip(axes, learning_curves(seed=seed).items()):
        ax.plot(n, j_train, "-o", markersize=3, color="tab:blue", label="J_train")
        ax.plot(n, j_val, "-o", markersize=3, color="tab:red", label="J_val")
        ax.axhline(0.09, color="0.5", linestyle="--", linewidth=1, label="baseline (noise variance 0.09)")
        ax.set(title=label, xlabel="training-set size m_train (log scale)", xscale="log", yscale="log")
        ax.set_xticks([15, 30, 60, 120, 300], labels=["15", "30", "60", "120", "300"], minor=False)
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.legend(fontsize=8)
    axes[0].set_ylabel("mean squared error (log scale)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def layer_gradient_norms(depth=10, width=32, m=128, seed=0):
    """{label: (L,) norms} of a deep MLP's kernels: sigmoid with Glorot init, ReLU with He init."""
    from reference.numpy import initialization

    rng = np.random.default_rng(seed)
    sizes = (width,) * depth + (10,)
    X, y = rng.normal(size=(m, width)), rng.integers(0, 10, m)
    return {"sigmoid, glorot_uniform": initialization.gradient_norms(
                initialization.init_params(sizes, "glorot_uniform", rng), X, y, "sigmoid"),
            "relu, he_normal": initialization.gradient_norms(
                initialization.init_params(sizes, "he_normal", rng), X, y, "relu")}


def plot_gradient_norms(path, seed=0):
    """||dJ/dW_l|| per layer (log scale) for a deep sigmoid and a deep ReLU network (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    for (label, norms), colour in zip(layer_gradient_norms(seed=seed).items(), ("tab:orange", "tab:green")):
        ax.semilogy(np.arange(1, len(norms) + 1), norms, "-o", color=colour, label=label)
    ax.set(xlabel="layer l (1 = next to the input)", ylabel="||dJ/dW_l|| (log scale)",
           title="Gradient norm per layer, 10 layers of 32 units")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
