"""Scenarios side by side on common random numbers, against one target."""

from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.analysis.summaries import Summary, odds_difference, summarize
from simulator.engine.funnel import simulate
from simulator.model.scenario import Scenario

MAX_COMPARED = 4


@dataclass(frozen=True)
class Comparison:
    """Two to four scenarios on the first one's target, trials and seed.

    Attributes
    ----------
    scenarios : list of Scenario
        As simulated: each with the first scenario's target, trials and seed.
    summaries : list of Summary
    differences : list of tuple of float
        For each scenario after the first: the change in odds against the first and
        its standard error from the paired trials.
    """

    scenarios: list[Scenario]
    summaries: list[Summary]
    differences: list[tuple[float, float]]

    def sentences(self) -> list[str]:
        """ "B raises the odds by 14 +/- 1 points" for each scenario after the first."""
        first = self.scenarios[0].name
        lines = []
        for scenario, (change, se) in zip(self.scenarios[1:], self.differences, strict=True):
            verb = "raises" if change > 0 else "lowers" if change < 0 else "does not change"
            amount = f" by {abs(change) * 100:.1f} ± {se * 100:.1f} points" if change else ""
            lines.append(f"{scenario.name} {verb} the odds{amount} against {first}.")
        return lines


def compare(scenarios: list[Scenario]) -> Comparison:
    """Simulate 2-4 scenarios on common random numbers and pair their odds with the first's.

    Every scenario takes the first one's target, trials and seed (its horizon is extended
    to the deadline if shorter), so the same trial meets the same luck in each and the
    difference in odds has a small, honest standard error.

    Examples
    --------
    >>> from simulator import Range
    >>> a = Scenario(name="A", trials=4000)
    >>> b = replace(a, name="B", win_rate=Range(0.25, 0.35))
    >>> compare([a, b]).sentences()[0].startswith("B raises the odds by")
    True
    """
    if not 2 <= len(scenarios) <= MAX_COMPARED:
        raise ValueError(f"compare 2 to {MAX_COMPARED} scenarios, not {len(scenarios)}")
    first = scenarios[0]
    aligned = [first] + [
        replace(
            s,
            target=first.target,
            trials=first.trials,
            seed=first.seed,
            horizon_months=max(s.horizon_months, first.target.deadline_month),
        )
        for s in scenarios[1:]
    ]
    summaries = [summarize(simulate(s)) for s in aligned]
    differences = [odds_difference(summary, summaries[0]) for summary in summaries[1:]]
    return Comparison(aligned, summaries, differences)
