"""How a scenario is drawn: monotone count quantiles and the month-by-month funnel."""

from simulator.engine.funnel import FIGURES, SimulationResult, simulate

__all__ = ["FIGURES", "SimulationResult", "simulate"]
