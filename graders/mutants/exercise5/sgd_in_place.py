"""sgd updates w in place (w -= lr * dw): the caller's array changes."""

BREAKS = "sgd"


def sgd(w, dw, config=None):
    config = dict(config or {})
    w -= config.get("learning_rate", 0.01) * dw
    return w, config
