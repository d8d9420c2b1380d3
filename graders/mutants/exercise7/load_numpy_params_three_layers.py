"""load_numpy_params hard-codes the notes' three layers."""
BREAKS = "load_numpy_params"


def load_numpy_params(model, params):
    model.layers[0].set_weights([params["W1"], params["b1"]])
    model.layers[1].set_weights([params["W2"], params["b2"]])
    model.layers[2].set_weights([params["W3"], params["b3"]])
    return model
