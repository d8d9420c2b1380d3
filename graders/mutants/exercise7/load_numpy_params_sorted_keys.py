"""load_numpy_params sets weights in sorted key order (W1, W2, ..., b1, b2, ...) instead of W1, b1, W2, b2."""
BREAKS = "load_numpy_params"


def load_numpy_params(model, params):
    model.set_weights([params[key] for key in sorted(params)])
    return model
