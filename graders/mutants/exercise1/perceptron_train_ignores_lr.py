"""perceptron ignores the learning rate (always steps by 1)."""
import numpy as np

BREAKS = "perceptron_train"


def perceptron_train(X, y, lr=1.0, epochs=10):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x_i, t in zip(X, y, strict=True):
            error = t - float(x_i @ w + b >= 0)
            w = w + error * x_i
            b = b + error
    return w, b
