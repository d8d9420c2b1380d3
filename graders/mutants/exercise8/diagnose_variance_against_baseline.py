"""diagnose measures variance as J_val - baseline, so every high-bias model looks high-variance too."""
BREAKS = "bias_variance"


def diagnose(J_train, J_val, baseline, tol):
    bias = J_train - baseline > tol
    variance = J_val - baseline > tol
    if bias and variance:
        return "high bias and high variance"
    return "high bias" if bias else "high variance" if variance else "good"
