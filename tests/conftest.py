"""Shared test settings: hypothesis profiles and small helpers."""

import math
import os

from hypothesis import HealthCheck, settings

# CI runs more examples; both are derandomized so a failure reproduces.
settings.register_profile(
    "dev", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Tolerance of Monte Carlo checks, in standard errors: a correct engine fails one
#: comparison with probability about 6e-5.
Z_TOLERANCE = 4.0


def proportion_se(p: float, n: int) -> float:
    """Standard error of an observed proportion with true value `p` over `n` trials."""
    return math.sqrt(p * (1 - p) / n)
