"""Refining a budget split on the target's odds: a local search on simulated trials.

The split for an expected figure (:func:`simulator.analysis.budget.best_split`) leaves out what the odds also
depend on: the spread. A channel whose cost per lead is well known brings a narrower range of leads than one whose
cost is a guess, so an easy target is safer on the first and a hard one has better odds on the second; the reps'
capacity queue and a target's window cut in as well. None of that has a formula worth trusting, so the odds are
simulated.

The search starts from the expected-figure split. Each round it simulates every channel with one step of budget
more and one step less, on the same trials (common random numbers, so the differences are the splits' and not
luck's), then moves a step from one of the channels whose step less loses the fewest hits to one of those whose
step more wins the most, trying the :data:`PAIRS_TRIED` most promising pairs. A move is kept when the odds on
those trials rise; when none does, the step halves, from :data:`FIRST_STEP` of the budget down to
:data:`SMALLEST_STEP` of it, within :data:`MOST_SIMULATIONS` simulations.

A split chosen on some trials looks better on them than it is (the optimiser's curse), so the search runs on
:data:`SEARCH_TRIALS` trials of its own seed, and the caller measures the result on the scenario's trials.
"""

from __future__ import annotations

import numpy as np

from simulator.analysis.targets import hits
from simulator.analysis.windows import target_values
from simulator.engine.funnel import simulate
from simulator.model.scenario import Scenario

#: Trials each search simulation runs (at most the scenario's own).
SEARCH_TRIALS = 4000
#: The first step moved between two channels, and the smallest, as shares of the budget.
FIRST_STEP, SMALLEST_STEP = 1 / 8, 1 / 64
#: Most promising pairs (from, to) tried each round before the step halves.
PAIRS_TRIED = 2
#: Simulations the search may run in all.
MOST_SIMULATIONS = 60


def odds_split(
    scenario: Scenario, start: dict[str, float], lowest: dict[str, float], highest: dict[str, float], budget: float
) -> dict[str, float]:
    """The split of `budget` near `start` with the best simulated odds of the scenario's target.

    Parameters
    ----------
    scenario : Scenario
        With the paid channels named in `start`.
    start : dict of str to float
        Monthly spend of each paid channel to start from; it adds up to `budget`.
    lowest, highest : dict of str to float
        Each channel's smallest and largest monthly spend (``inf`` for no largest).
    budget : float
        The monthly budget, which sets the steps.

    Returns
    -------
    dict of str to float
        Monthly spend of each channel of `start`; still within the limits and adding up to the same total.
    """
    odds = _SimulatedOdds(_search_scenario(scenario))
    spend, best = dict(start), odds(start)
    step = FIRST_STEP * budget
    while step >= SMALLEST_STEP * budget and odds.runs < MOST_SIMULATIONS:
        more = {name: odds(_moved(spend, name, +step, lowest, highest)) for name in spend}
        less = {name: odds(_moved(spend, name, -step, lowest, highest)) for name in spend}
        pairs = sorted(
            ((more[to] + less[away], away, to) for away in spend for to in spend if away != to), reverse=True
        )
        for _, away, to in pairs[:PAIRS_TRIED]:
            amount = min(step, spend[away] - lowest[away], highest[to] - spend[to])
            if amount <= 0:
                continue
            candidate = {**spend, away: spend[away] - amount, to: spend[to] + amount}
            if (value := odds(candidate)) > best:
                spend, best = candidate, value
                break
        else:
            step /= 2
    return spend


def _search_scenario(scenario: Scenario) -> Scenario:
    """The scenario the search simulates: fewer trials, its own seed (derived from the scenario's), and no months
    past the target's deadline, which cannot change whether it is hit."""
    seed = int(np.random.SeedSequence(scenario.seed).generate_state(1)[0])
    return scenario.with_horizon(
        scenario.target.deadline_month, trials=min(scenario.trials, SEARCH_TRIALS), seed=seed
    )


def _moved(
    spend: dict[str, float], name: str, step: float, lowest: dict[str, float], highest: dict[str, float]
) -> dict[str, float]:
    """`spend` with `name`'s spend moved by `step`, within its limits (the total may change: a probe)."""
    return {**spend, name: min(max(spend[name] + step, lowest[name]), highest[name])}


class _SimulatedOdds:
    """Hits of the target on the search trials for a split, each split simulated once."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._known: dict[tuple[float, ...], int] = {}
        self.runs = 0

    def __call__(self, spend: dict[str, float]) -> int:
        key = tuple(round(spend[name], 6) for name in sorted(spend))
        if key not in self._known:
            result = simulate(self._scenario.with_spends(spend))
            target = self._scenario.target
            self._known[key] = int(hits(target_values(result, target), target).sum())
            self.runs += 1
        return self._known[key]
