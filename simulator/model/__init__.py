"""What a scenario is: its inputs, its target, the 90% ranges they are given as and the table of field specs."""

from simulator.model.distributions import Range
from simulator.model.fields import FIELD, FIELDS, MAX_HORIZON_MONTHS, FieldSpec, Kind
from simulator.model.scenario import (
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
