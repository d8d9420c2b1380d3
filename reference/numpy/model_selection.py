"""Generalization and model selection: held-out data, bias and variance, choosing a model.

A model is judged by its error on examples it never trained on. The notes (000 "Model
selection", "Model Selection with Cross-Validation"; 003 "Generalization in Deep Learning",
"Bias and Variance") split the data three ways:

    training set     60-80 %   fits the parameters (W, b)
    validation set   10-20 %   chooses between models (architecture, lambda, degree, ...)
    test set         10-20 %   estimates the chosen model's error, once, at the very end

The test set never takes part in a choice: an error used to choose is optimistic. When data
are scarce, K-fold cross-validation reuses every example for validation exactly once.

Comparing the errors tells what to fix (the notes' remedies table):

    J_train far above the baseline (human or best possible)   high bias:  a bigger network,
                                                               more features, less regularization
    J_val far above J_train                                   high variance: more data, more
                                                               regularization, fewer features
"""

import math

import numpy as np

DIAGNOSES = ("good", "high bias", "high variance", "high bias and high variance")


# --------------------------------------------------------------------------- splits


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), rng=None):
    """Shuffle the examples once and cut them into training, validation and test sets.

        n_val  = ceil(f_val * m)        n_test = ceil(f_test * m)        n_train = the rest

    The two held-out sets get at least the fraction asked for (ceil, not int or round); the
    training set takes what remains, so f_train itself is not used. One permutation drawn from
    ``rng`` orders the examples, and X and y are indexed with it, so every example keeps its
    label and the three sets share no example. The inputs are not modified.

    X: (m, n).  y: (m,).  fractions: (f_train, f_val, f_test).
    rng: numpy.random.Generator (None: a fresh unseeded one).
    Returns: (X_train, X_val, X_test, y_train, y_val, y_test).
    """
    rng = rng if rng is not None else np.random.default_rng()
    X, y = np.asarray(X), np.asarray(y)
    m = X.shape[0]
    _, f_val, f_test = fractions
    n_val, n_test = math.ceil(f_val * m), math.ceil(f_test * m)
    order = rng.permutation(m)
    train = order[: m - n_val - n_test]
    val = order[m - n_val - n_test : m - n_test]
    test = order[m - n_test :]
    return X[train], X[val], X[test], y[train], y[val], y[test]


def k_fold_indices(m, k, rng):
    """K-fold cross-validation: k (train_idx, val_idx) pairs over the examples 0..m-1.

    The examples are shuffled once (with ``rng``) and dealt into k folds whose sizes differ by
    at most one (m = 10, k = 3 gives 4, 3, 3: the remainder is spread, never dropped). Round j
    validates on fold j and trains on the other k - 1 folds, so every example is validated on
    exactly once and never trained on in the same round. The cross-validation error is the
    mean of the k validation errors.

    m: number of examples.  k: number of folds, 2 <= k <= m.  rng: numpy.random.Generator.
    Returns: a list of k tuples (train_idx, val_idx) of int arrays.
    """
    folds = np.array_split(rng.permutation(m), k)
    return [(np.concatenate(folds[:j] + folds[j + 1 :]), fold) for j, fold in enumerate(folds)]


# --------------------------------------------------------------------------- bias and variance


def diagnose(J_train, J_val, baseline, tol):
    """The notes' recipe: compare the training error with the baseline, then with the validation error.

        high bias      when  J_train - baseline > tol    (it does not even fit the training set)
        high variance  when  J_val - J_train    > tol    (it fits the training set, not new data)

    Both can hold at once. The comparisons are strict: a gap of exactly tol is fine.

    J_train, J_val, baseline, tol: floats (errors, e.g. 0.15 for 15 %).
    Returns: "high bias", "high variance", "high bias and high variance" or "good".
    """
    bias = J_train - baseline > tol
    variance = J_val - J_train > tol
    if bias and variance:
        return "high bias and high variance"
    if bias:
        return "high bias"
    if variance:
        return "high variance"
    return "good"


# --------------------------------------------------------------------------- model selection


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    """Fit one model per candidate on the training set; keep the one with the lowest validation error.

    For each candidate c, in order:  model = fit(X_train, y_train, c), then
    error(model, X_val, y_val). The training error is not a guide: the most flexible candidate
    always fits the training set best. The test set is not touched here; it measures the
    chosen model afterwards. On a tie the earlier candidate wins.

    fit: callable (X, y, candidate) -> model.  error: callable (model, X, y) -> float.
    candidates: a sequence (e.g. L2 strengths).  X_train, y_train, X_val, y_val: arrays.
    Returns: (best, val_errors) with best one of the candidates and val_errors a list of floats.
    """
    val_errors = [float(error(fit(X_train, y_train, c), X_val, y_val)) for c in candidates]
    best = candidates[int(np.argmin(val_errors))]
    return best, val_errors


def learning_curve(fit, error, X_train, y_train, X_val, y_val, sizes):
    """J_train and J_val of models trained on the first n training examples, for each n in sizes.

    High bias: both curves flatten high, close together (more data will not help). High
    variance: a wide gap that closes as n grows (more data helps). Used for the pictures.

    Returns: (J_train, J_val), two (len(sizes),) arrays.
    """
    j_train, j_val = [], []
    for n in sizes:
        model = fit(X_train[:n], y_train[:n])
        j_train.append(float(error(model, X_train[:n], y_train[:n])))
        j_val.append(float(error(model, X_val, y_val)))
    return np.array(j_train), np.array(j_val)
