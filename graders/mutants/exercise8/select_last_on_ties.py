"""select_by_validation keeps the last of equal errors (<= in its loop)."""
BREAKS = "model_selection"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    errors, best, best_error = [], None, float("inf")
    for c in candidates:
        e = float(error(fit(X_train, y_train, c), X_val, y_val))
        errors.append(e)
        if e <= best_error:
            best, best_error = c, e
    return best, errors
