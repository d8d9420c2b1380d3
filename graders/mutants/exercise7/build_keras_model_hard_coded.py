"""build_keras_model hard-codes the notes' Dense 25, 15, 10 and ignores its arguments."""
import keras

BREAKS = "build_keras_model"


def build_keras_model(hidden=(25, 15), n_classes=10, n_features=64):
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(units=25, activation="relu"),
        keras.layers.Dense(units=15, activation="relu"),
        keras.layers.Dense(units=10, activation="linear"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model
