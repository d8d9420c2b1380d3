"""diagnose uses >= where the recipe says >: a gap of exactly tol is flagged."""
BREAKS = "bias_variance"


def diagnose(J_train, J_val, baseline, tol):
    bias = J_train - baseline >= tol
    variance = J_val - J_train >= tol
    if bias and variance:
        return "high bias and high variance"
    return "high bias" if bias else "high variance" if variance else "good"
