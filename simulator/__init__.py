"""Funnel what-if simulator: the Monte Carlo model, targets and file formats.

Plain Python over numpy, scipy and pandas; never imports Streamlit, so the same
model runs from the app, the tests and ``python -m simulator``.
"""

from simulator.distributions import Range
from simulator.engine import SimulationResult, simulate
from simulator.model import Direction, InputError, Metric, Scenario, Target, VerdictThresholds
from simulator.targets import TargetResult, Verdict, evaluate

__all__ = [
    "Direction",
    "InputError",
    "Metric",
    "Range",
    "Scenario",
    "SimulationResult",
    "Target",
    "TargetResult",
    "Verdict",
    "VerdictThresholds",
    "evaluate",
    "simulate",
]
