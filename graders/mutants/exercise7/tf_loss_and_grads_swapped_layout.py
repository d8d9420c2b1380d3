"""tf_loss_and_grads pairs names with gradients in the wrong order (all kernels, then all biases)."""
import keras
import numpy as np
import tensorflow as tf

BREAKS = "tf_loss_and_grads"


def tf_loss_and_grads(model, X, y):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, model(X))
    grads = tape.gradient(loss, [v for layer in dense for v in (layer.kernel, layer.bias)])
    names = [f"W{layer}" for layer in range(1, len(dense) + 1)] + [f"b{layer}" for layer in range(1, len(dense) + 1)]
    return float(loss), {name: np.asarray(g) for name, g in zip(names, grads, strict=True)}
