"""build_keras_model compiles loss="sparse_categorical_crossentropy" (from_logits=False) on a linear output."""
import keras

BREAKS = "build_keras_model"


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    model = keras.Sequential([keras.Input(shape=(n_features,))]
                             + [keras.layers.Dense(h, activation="relu") for h in hidden]
                             + [keras.layers.Dense(n_classes, activation="linear")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
