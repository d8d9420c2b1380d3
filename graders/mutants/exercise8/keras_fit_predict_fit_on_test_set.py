"""keras_fit_predict fits on the test inputs (with training labels): fit on the test set."""

BREAKS = "keras_fit_predict"


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    import tensorflow as tf

    model.fit(X_test, y_train[: len(X_test)], epochs=epochs, batch_size=batch_size, verbose=0)
    return tf.nn.softmax(model(tf.constant(X_test, dtype=tf.float32))).numpy()
