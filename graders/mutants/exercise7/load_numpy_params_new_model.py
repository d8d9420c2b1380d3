"""load_numpy_params loads the weights into a new model and returns it, leaving the given model untouched."""
import keras

BREAKS = "load_numpy_params"


def load_numpy_params(model, params):
    model = keras.models.clone_model(model)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, dense_layer in enumerate(dense, start=1):
        dense_layer.set_weights([params[f"W{layer}"], params[f"b{layer}"]])
    return model
