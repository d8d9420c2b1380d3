"""sigmoid with math.exp: works for one number, raises TypeError on arrays."""
import math

BREAKS = "sigmoid"


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))
