"""nnlab's reference solutions: ``reference.numpy`` (from scratch) and ``reference.tf`` (TensorFlow/Keras)."""
