"""Neural networks from scratch in NumPy: one concept per module.

Conventions: float64; examples are rows (X is (m, n)); a dense layer's W is (n_in, n_out) and
b is (n_out,), exactly a Keras ``Dense`` kernel and bias; functions are pure; anything random
takes an explicit ``rng: numpy.random.Generator``.
"""
