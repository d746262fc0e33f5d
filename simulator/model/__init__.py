"""What a scenario is: its inputs, its target, the 90% ranges they are given as and the table of field specs."""

from simulator.model.distributions import Range
from simulator.model.fields import FIELD, FIELDS, MAX_HORIZON_MONTHS, FieldSpec, Kind

# Correlations through scenario.py: correlations.py imports scenario.py, which must start first.
from simulator.model.scenario import (
    Correlations,
    Direction,
    InputError,
    Metric,
    Scenario,
    Target,
    VerdictThresholds,
    Window,
)

__all__ = [
    "FIELD",
    "FIELDS",
    "MAX_HORIZON_MONTHS",
    "Correlations",
    "Direction",
    "FieldSpec",
    "InputError",
    "Kind",
    "Metric",
    "Range",
    "Scenario",
    "Target",
    "VerdictThresholds",
    "Window",
]
