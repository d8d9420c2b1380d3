"""select_by_validation fits each candidate on the validation set and scores it there."""
BREAKS = "model_selection"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    errors = [float(error(fit(X_val, y_val, c), X_val, y_val)) for c in candidates]
    return candidates[errors.index(min(errors))], errors
