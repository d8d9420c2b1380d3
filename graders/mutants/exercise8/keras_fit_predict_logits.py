"""keras_fit_predict returns the logits: probabilities from logits without softmax."""
import numpy as np

BREAKS = "keras_fit_predict"


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    import tensorflow as tf

    model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)
    return np.asarray(model(tf.constant(X_test, dtype=tf.float32)))
