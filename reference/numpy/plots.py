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
