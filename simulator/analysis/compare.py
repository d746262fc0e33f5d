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
    simulated = [first] + [aligned(s, first) for s in scenarios[1:]]
    summaries = [summarize(simulate(s)) for s in simulated]
    differences = [odds_difference(summary, summaries[0]) for summary in summaries[1:]]
    return Comparison(simulated, summaries, differences)


def aligned(scenario: Scenario, reference: Scenario) -> Scenario:
    """`scenario` on `reference`'s target, trials and seed, its horizon stretched to the deadline if shorter.

    Two aligned scenarios pair trial by trial (common random numbers), so the difference in their odds has a
    small, honest standard error: the compare page and the simulator page's pinned baseline both use it.

    Examples
    --------
    >>> from simulator import Target
    >>> a = Scenario(horizon_months=12, target=Target(value=50, deadline_month=9), trials=500, seed=7)
    >>> b = aligned(Scenario(horizon_months=6), a)
    >>> b.target == a.target, b.trials, b.seed, b.horizon_months
    (True, 500, 7, 9)
    """
    return replace(
        scenario,
        target=reference.target,
        trials=reference.trials,
        seed=reference.seed,
        horizon_months=max(scenario.horizon_months, reference.target.deadline_month),
    )
