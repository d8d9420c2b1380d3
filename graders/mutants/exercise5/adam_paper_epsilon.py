"""adam in the paper's form m_hat / (sqrt(v_hat) + eps), not Keras's epsilon hat."""
import numpy as np

BREAKS = "adam"


def adam(w, dw, config=None):
    config = dict(config or {})
    lr, b1, b2 = config.get("learning_rate", 0.001), config.get("beta_1", 0.9), config.get("beta_2", 0.999)
    eps = config.get("epsilon", 1e-7)
    dw = np.asarray(dw, dtype=float)
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", 0.0) + (1 - b1) * dw
    v = b2 * config.get("v", 0.0) + (1 - b2) * dw**2
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    config.update(t=t, m=m, v=v)
    return np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps), config
