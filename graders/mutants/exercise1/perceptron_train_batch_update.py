"""perceptron sums the updates over the epoch and applies them once (batch), not after each example."""
import numpy as np

BREAKS = "perceptron_train"


def perceptron_train(X, y, lr=1.0, epochs=10):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        errors = y - (X @ w + b >= 0)
        w = w + lr * errors @ X
        b = b + lr * errors.sum()
    return w, b
