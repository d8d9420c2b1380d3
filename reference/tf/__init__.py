"""The reference in TensorFlow / Keras: the same functions as ``reference.numpy``, device-aware.

Importing this package imports TensorFlow (seconds): only code that needs TF imports it.
"""
