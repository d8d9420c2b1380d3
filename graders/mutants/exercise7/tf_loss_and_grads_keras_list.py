"""tf_loss_and_grads returns tape.gradient's list (Keras variable order), not the params-layout dict."""
import keras
import numpy as np
import tensorflow as tf

BREAKS = "tf_loss_and_grads"


def tf_loss_and_grads(model, X, y):
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    return float(loss), [np.asarray(g) for g in grads]
