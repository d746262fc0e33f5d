"""What a scenario is: its inputs, its target and the 90% ranges they are given as."""

from simulator.model.distributions import Range
from simulator.model.scenario import (
    MAX_HORIZON_MONTHS,
    Direction,
    InputError,
    Metric,
    Scenario,
    Target,
    VerdictThresholds,
)

__all__ = [
    "MAX_HORIZON_MONTHS",
    "Direction",
    "InputError",
    "Metric",
    "Range",
    "Scenario",
    "Target",
    "VerdictThresholds",
]
