"""load_numpy_params transposes each kernel (W.T), as if Keras stored (n_out, n_in)."""
import keras
import numpy as np

BREAKS = "load_numpy_params"


def load_numpy_params(model, params):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, dense_layer in enumerate(dense, start=1):
        dense_layer.set_weights([np.asarray(params[f"W{layer}"]).T, np.asarray(params[f"b{layer}"])])
    return model
