"""perceptron starts from small random weights instead of zeros."""
import numpy as np

BREAKS = "perceptron_train"


def perceptron_train(X, y, lr=1.0, epochs=10):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b = np.random.default_rng(0).normal(0.0, 0.01, X.shape[1]), 0.0
    for _ in range(epochs):
        for x_i, t in zip(X, y, strict=True):
            error = t - float(x_i @ w + b >= 0)
            w = w + lr * error * x_i
            b = b + lr * error
    return w, b
