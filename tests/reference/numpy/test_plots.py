"""The optimizer picture: a real 750x650 figure of the six reference paths, drawn with Agg, no display needed."""

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from reference.numpy import plots
from tests.conftest import ROOT

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def svg(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("plots") / "paths.svg")
    assert plots.plot_optimizer_paths(path, steps=12) == path
    with open(path) as f:
        return f.read()


def drawn_paths(svg_text):
    """{colour: (n, 2) pixel vertices} of the solid or dashed paths (linewidth 1.3) in the SVG."""
    found = {}
    for d, colour in re.findall(r'<path d="([^"]*)"\s+clip-path="[^"]*" style="fill: none;[^"]*? stroke: (#[0-9a-f]{6}); '
                                r'stroke-width: 1\.3', svg_text):
        found[colour] = np.array([[float(v) for v in point.split()] for point in re.findall(r"[ML] ([-\d.]+ [-\d.]+)", d)])
    return found


def test_png_is_a_real_750_by_650_image_and_the_path_is_returned(tmp_path):
    path = str(tmp_path / "o.png")
    assert plots.plot_optimizer_paths(path, steps=5) == path
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) == (750, 650)


def test_every_rule_is_drawn_in_its_colour(tmp_path):
    from matplotlib.colors import to_rgb
    from matplotlib.image import imread

    path = str(tmp_path / "o.png")
    plots.plot_optimizer_paths(path, steps=20)
    pixels = np.round(imread(path)[..., :3] * 255).astype(int).reshape(-1, 3)
    for name, _, colour in plots.OPTIMIZER_RUNS:
        rgb = np.round(np.array(to_rgb(colour)) * 255).astype(int)
        assert (pixels == rgb).all(axis=1).sum() > 50, name


def test_labels_title_and_legend_name_each_rule_with_its_settings(svg):
    texts = re.findall(r"<!-- (.*?) -->", svg)
    assert "w1 (steep: curvature 10)" in texts and "w2 (shallow: curvature 1)" in texts
    assert "12 steps of each update rule on f(w) = 5 w1² + 0.5 w2²" in texts
    legend = ["sgd (lr=0.15)", "sgd_momentum (lr=0.02, momentum=0.9)", "nesterov (lr=0.02, momentum=0.9)", "adagrad (lr=0.5)",
              "rmsprop (lr=0.05)", "adam (lr=0.2)"]
    assert [t for t in texts if t in legend] == legend


def test_the_drawn_paths_are_the_reference_paths_on_equal_axes_from_minus_2_to_2_and_minus_1_to_3(svg):
    from matplotlib.colors import to_hex

    drawn = drawn_paths(svg)
    paths = plots.optimizer_paths(12)
    data = np.concatenate([paths[name] for name, _, _ in plots.OPTIMIZER_RUNS])
    pixels = np.concatenate([drawn[to_hex(colour)] for _, _, colour in plots.OPTIMIZER_RUNS])
    assert pixels.shape == data.shape == (6 * 13, 2)
    # One affine map for every path: pixel x = a * w1 + b, pixel y = -a * w2 + d (equal aspect, y pointing down).
    (a, b), *_ = np.linalg.lstsq(np.c_[data[:, 0], np.ones(len(data))], pixels[:, 0], rcond=None)
    (e, d), *_ = np.linalg.lstsq(np.c_[data[:, 1], np.ones(len(data))], pixels[:, 1], rcond=None)
    np.testing.assert_allclose(pixels, np.c_[a * data[:, 0] + b, e * data[:, 1] + d], atol=1e-3)
    assert a > 0 and e == pytest.approx(-a, rel=1e-4)
    left, right, top, bottom = map(float, re.search(
        r'<g id="patch_2">\s*<path d="M ([\d.]+) ([\d.]+)\s*L ([\d.]+) [\d.]+\s*L [\d.]+ ([\d.]+)', svg).group(1, 3, 4, 2))
    assert (a * -2 + b, a * 2 + b) == (pytest.approx(left, abs=1e-3), pytest.approx(right, abs=1e-3))
    assert (e * 3 + d, e * -1 + d) == (pytest.approx(top, abs=1e-3), pytest.approx(bottom, abs=1e-3))


def test_adagrad_is_dashed_so_it_stays_visible_under_rmsprop(svg):
    dashed = re.findall(r'style="fill: none; stroke-dasharray: [^"]*? stroke: (#[0-9a-f]{6}); stroke-width: 1\.3', svg)
    assert set(dashed) == {matplotlib.colors.to_hex("tab:green")}  # its path and its legend sample


def test_the_figure_is_closed_after_saving(tmp_path):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.plot_optimizer_paths(str(tmp_path / "o.png"), steps=3)
    assert plt.get_fignums() == before


def test_no_display_and_an_unusable_configured_backend_are_fine(tmp_path):
    path = str(tmp_path / "o.png")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["MPLBACKEND"] = "module://nnlab_no_such_backend"  # pyplot itself would fail to start with this one
    code = ("import sys, matplotlib; from reference.numpy import plots\n"
            "plots.plot_optimizer_paths(sys.argv[1], steps=3); print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code, path], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().lower() == "agg" and os.path.getsize(path) > 10_000


def test_importing_the_module_does_not_import_matplotlib():
    code = "import sys; import reference.numpy.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"
