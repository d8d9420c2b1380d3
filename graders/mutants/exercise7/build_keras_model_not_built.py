"""build_keras_model has no Input: the model is not built and has no weights until it first sees data."""
import keras

BREAKS = "build_keras_model"


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    model = keras.Sequential([keras.layers.Dense(h, activation="relu") for h in hidden]
                             + [keras.layers.Dense(n_classes, activation="linear")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model
