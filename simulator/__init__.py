"""Funnel what-if simulator: the Monte Carlo model, targets and file formats.

Plain Python over numpy, scipy and pandas; never imports Streamlit, so the same
model runs from the app, the tests and ``python -m simulator``.
"""

from simulator.analysis.targets import TargetResult, Verdict, evaluate
from simulator.engine.funnel import simulate
from simulator.engine.result import SimulationResult
from simulator.model.checks import InputError
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.scenario import Scenario
from simulator.model.target import Direction, Metric, Target, VerdictThresholds, Window

__all__ = [
    "Correlations",
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
    "Window",
    "evaluate",
    "simulate",
]
