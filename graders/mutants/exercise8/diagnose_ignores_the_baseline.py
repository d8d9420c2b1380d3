"""diagnose measures bias against 0 instead of the baseline."""
BREAKS = "bias_variance"


def diagnose(J_train, J_val, baseline, tol):
    bias = J_train > tol
    variance = J_val - J_train > tol
    if bias and variance:
        return "high bias and high variance"
    return "high bias" if bias else "high variance" if variance else "good"
