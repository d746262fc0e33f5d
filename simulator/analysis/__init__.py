"""What is asked of a simulation: target odds, summaries, the SMART check, what it would take, breakdowns and
comparisons."""

from simulator.analysis.compare import Comparison, compare
from simulator.analysis.summaries import Summary, summarize
from simulator.analysis.targets import TargetResult, Verdict, evaluate

__all__ = ["Comparison", "Summary", "TargetResult", "Verdict", "compare", "evaluate", "summarize"]
