"""select_by_validation judges each candidate by its training error."""
BREAKS = "model_selection"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    errors = [float(error(fit(X_train, y_train, c), X_train, y_train)) for c in candidates]
    return candidates[errors.index(min(errors))], errors
