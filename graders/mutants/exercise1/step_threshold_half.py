"""step compares z with 0.5 (the sigmoid-output threshold) instead of 0."""
import numpy as np

BREAKS = "step"


def step(z):
    return (np.asarray(z, dtype=float) >= 0.5).astype(float)
