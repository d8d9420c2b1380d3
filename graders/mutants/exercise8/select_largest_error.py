"""select_by_validation keeps the candidate with the largest validation error (max for min)."""
BREAKS = "model_selection"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    errors = [float(error(fit(X_train, y_train, c), X_val, y_val)) for c in candidates]
    return candidates[errors.index(max(errors))], errors
