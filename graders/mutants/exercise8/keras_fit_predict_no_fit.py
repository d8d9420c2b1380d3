"""keras_fit_predict predicts with the untrained model (fit forgotten)."""

BREAKS = "keras_fit_predict"


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    import tensorflow as tf

    return tf.nn.softmax(model(tf.constant(X_test, dtype=tf.float32))).numpy()
