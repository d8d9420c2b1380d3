"""select_by_validation returns the index of the best candidate instead of the candidate."""
import numpy as np

BREAKS = "model_selection"


def select_by_validation(fit, error, candidates, X_train, y_train, X_val, y_val):
    errors = [float(error(fit(X_train, y_train, c), X_val, y_val)) for c in candidates]
    return int(np.argmin(errors)), errors
