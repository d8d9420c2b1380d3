"""keras_fit_predict takes the softmax over the examples (axis 0) instead of over each row."""

BREAKS = "keras_fit_predict"


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    import tensorflow as tf

    model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)
    return tf.nn.softmax(model(tf.constant(X_test, dtype=tf.float32)), axis=0).numpy()
