"""How a scenario is drawn: monotone count quantiles and the month-by-month funnel."""

from simulator.engine.funnel import simulate
from simulator.engine.result import FIGURES, SimulationResult

__all__ = ["FIGURES", "SimulationResult", "simulate"]
