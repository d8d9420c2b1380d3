"""exercise8: Generalization and model selection.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check exercise8

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np


def linear_collapse(W1, b1, W2, b2):
    """The single linear layer (W, b) that computes the same as two linear layers in a row.

        layer 1:  h = x W1 + b1
        layer 2:  y = h W2 + b2

    Substitute h into layer 2 and collect the terms that multiply x (they give W) and the terms
    that don't (they give b): the result is y = x W + b for every x. Two Dense layers with
    linear activations are one Dense layer, whatever their sizes, so depth without a
    non-linearity adds nothing. Every constant term counts, including what becomes of b1.

    W1: (n, h).  b1: (h,).  W2: (h, k).  b2: (k,).
    Returns: (W, b) with W (n, k) and b (k,).
    """
    raise NotImplementedError("linear_collapse")


def init_params(sizes, scheme, rng):
    """Starting weights for an MLP with layer widths ``sizes = (n0, n1, ..., nL)``.

    Layer l maps n_{l-1} inputs (fan_in) to n_l outputs (fan_out). Every bias starts at 0;
    each kernel is drawn by ``scheme``:

        "zeros"           all 0 (every unit of a layer then learns the same thing: symmetry)
        "normal"          N(0, 0.01^2): small random numbers
        "glorot_uniform"  U(-L, L) with L = sqrt(6 / (fan_in + fan_out))   (Keras's default)
                          so Var = 2 / (fan_in + fan_out): both widths, not fan_in alone
        "he_normal"       N(0, 2 / fan_in): made for ReLU, which zeroes half its inputs

    Keras's HeNormal draws from a normal truncated at two standard deviations, rescaled so
    that the spread is the same; this reference uses a plain normal. Both have std
    sqrt(2 / fan_in), and the grader checks statistics, not exact draws.

    sizes: sequence of L + 1 ints.  scheme: one of the four names.  rng: numpy.random.Generator.
    Returns: {"W1": (n0, n1), "b1": (n1,), ..., "WL": (n_{L-1}, nL), "bL": (nL,)}.
    """
    raise NotImplementedError("init_params")


def gradient_norms(params, X, y, activation):
    """How big the gradient of each layer's kernel is: ||dJ/dW_l||_F for l = 1..L.

    The network: hidden layers a_l = g(z_l) with z_l = a_{l-1} W_l + b_l (a_0 = X), a linear
    output z_L, and J = mean over the m examples of the softmax cross-entropy of z_L against
    the integer labels y. Backward, from the output to the input:

        dJ/dz_L     = (softmax(z_L) - onehot(y)) / m
        dJ/dW_l     = a_{l-1}^T dJ/dz_l
        dJ/dz_{l-1} = (dJ/dz_l W_l^T) * g'(z_{l-1})       (elementwise)

    Each step back multiplies by g'(z). The sigmoid's derivative s(1 - s) is at most 1/4, so
    in a deep sigmoid network the norms shrink layer by layer towards the input (vanishing
    gradients); ReLU's derivative is 1 where the unit is active, so they stay of one size.
    The Frobenius norm is sqrt(sum_ij (dJ/dW_l)_ij^2).

    params: {"W1", "b1", ..., "WL", "bL"}.  X: (m, n0).  y: (m,) ints in [0, nL).
    activation: "sigmoid" or "relu" (hidden layers).
    Returns: (L,) array, entry l-1 is the norm for W_l (input side first).
    """
    raise NotImplementedError("gradient_norms")


def multilabel_loss_and_grads(logits, Y):
    """Mean binary cross-entropy from logits over all labels of all examples, and its gradient.

    For one entry with logit z and target y in {0, 1}, with p = sigmoid(z):

        loss(z, y) = -y log p - (1 - y) log(1 - p)
                   = max(z, 0) - z y + log(1 + exp(-|z|))      (stable: no overflow, no log 0)
        d loss / dz = p - y

    J = (1/m) sum_i (1/K) sum_k loss(z_ik, y_ik): the mean over the K labels, then over the m
    examples, as Keras averages. Each entry of dJ/dlogits therefore carries the factor 1/(m K).

    logits: (m, K).  Y: (m, K) of 0s and 1s (several 1s per row are allowed).
    Returns: (loss, dlogits) with loss a float and dlogits (m, K).
    """
    raise NotImplementedError("multilabel_loss_and_grads")


def multilabel_predict(logits, threshold=0.5):
    """The 0/1 prediction of every label: 1 where sigmoid(logit) >= threshold.

    Each label is decided on its own (no argmax, no softmax): a row may have no 1 at all or
    several. With threshold 0.5 this is the same as logit >= 0.

    logits: (m, K).  threshold: float in (0, 1).  Returns: (m, K) int array of 0s and 1s.
    """
    raise NotImplementedError("multilabel_predict")


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
    raise NotImplementedError("train_val_test_split")


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
    raise NotImplementedError("k_fold_indices")


def diagnose(J_train, J_val, baseline, tol):
    """The notes' recipe: compare the training error with the baseline, then with the validation error.

        high bias      when  J_train - baseline > tol    (it does not even fit the training set)
        high variance  when  J_val - J_train    > tol    (it fits the training set, not new data)

    Both can hold at once. The comparisons are strict: a gap of exactly tol is fine.

    J_train, J_val, baseline, tol: floats (errors, e.g. 0.15 for 15 %).
    Returns: "high bias", "high variance", "high bias and high variance" or "good".
    """
    raise NotImplementedError("diagnose")


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
    raise NotImplementedError("select_by_validation")


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
    raise NotImplementedError("keras_fit_predict")
