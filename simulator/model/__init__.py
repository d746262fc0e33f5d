"""What a scenario is: its inputs, its target, the 90% ranges they are given as and the table of field specs."""

from simulator.model.checks import InputError
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import FIELD, FIELDS, MAX_HORIZON_MONTHS, FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.target import Direction, Metric, Target, VerdictThresholds, Window

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
