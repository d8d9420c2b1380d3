"""Training and predicting with Keras's ``fit`` and ``predict`` (the notes' last two steps).

The notes (000 and 001) train and predict like this:

    model.compile(optimizer=Adam(1e-3), loss=SparseCategoricalCrossentropy(from_logits=True))
    model.fit(X, y, epochs=10)
    logits = model(X_new)
    probabilities = tf.nn.softmax(logits)

The output layer is linear, so the model gives logits; softmax turns each row into class
probabilities that sum to 1. TensorFlow is imported inside the function: importing this module
costs nothing, so an exercise's NumPy tasks never wait for TensorFlow (seconds) to load.
"""

import numpy as np


def keras_fit_predict(model, X_train, y_train, X_test, epochs, batch_size):
    """Train a compiled Keras classifier on the training set, then give class probabilities for the test set.

    ``fit`` runs ``epochs`` passes over (X_train, y_train) in mini-batches of ``batch_size``,
    silently (``verbose=0``: no progress bar in a grading log). The model outputs logits (its
    last layer is linear and it was compiled with ``from_logits=True``), so the probabilities
    are the softmax of the logits, row by row. The test set is only predicted, never trained on.
    TensorFlow is imported inside the function, so that checking the other tasks never waits for it.

    model: a compiled Keras model with a linear output of K units.  X_train: (m, n).
    y_train: (m,) integer labels.  X_test: (t, n).  epochs, batch_size: ints.
    Returns: (t, K) NumPy array of probabilities, each row summing to 1.
    """
    import tensorflow as tf

    model.fit(np.asarray(X_train), np.asarray(y_train), epochs=int(epochs), batch_size=int(batch_size), verbose=0)
    logits = model(np.asarray(X_test), training=False)
    return np.asarray(tf.nn.softmax(logits), dtype=np.float64)
