"""The odds of hitting a target, the verdict, and the forecast levels sales teams use."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from simulator.analysis.statistics import PERCENTILES, percentiles, proportion_standard_error
from simulator.analysis.windows import figure_values, figures_of, target_values
from simulator.engine.result import SimulationResult
from simulator.i18n import N_, _
from simulator.model.target import Direction, Target, VerdictThresholds

__all__ = [
    "DEFAULT_THRESHOLDS",
    "FORECAST_LEVELS",
    "PERCENTILES",
    "TargetResult",
    "Verdict",
    "evaluate",
    "hits",
    "level_reached",
    "odds_of",
    "percentiles",
    "verdict_for",
]

DEFAULT_THRESHOLDS = VerdictThresholds()


class Verdict(StrEnum):
    """How achievable a target is, from its odds."""

    ACHIEVABLE = "Achievable"
    CHALLENGING = "Challenging"
    STRETCH = "Stretch"
    UNREALISTIC = "Unrealistic"

    @property
    def label(self) -> str:
        """The verdict's name in the run's language (its value, in English, is what files hold)."""
        return _(VERDICT_LABELS[self])


#: The verdicts' names, marked for translation (the values stay English: files and links hold them).
VERDICT_LABELS = {
    # TRANSLATORS: a verdict on a target: hit in 80% of trials or more
    Verdict.ACHIEVABLE: N_("Achievable"),
    # TRANSLATORS: a verdict on a target: hit in 50%-80% of trials
    Verdict.CHALLENGING: N_("Challenging"),
    # TRANSLATORS: a verdict on a target: hit in 10%-50% of trials
    Verdict.STRETCH: N_("Stretch"),
    # TRANSLATORS: a verdict on a target: hit in less than 10% of trials
    Verdict.UNREALISTIC: N_("Unrealistic"),
}


def verdict_for(probability: float, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS) -> Verdict:
    """The verdict for odds `probability` (0-1) under `thresholds`.

    Examples
    --------
    >>> verdict_for(0.62).value
    'Challenging'
    """
    if probability >= thresholds.achievable:
        return Verdict.ACHIEVABLE
    if probability >= thresholds.challenging:
        return Verdict.CHALLENGING
    if probability >= thresholds.stretch:
        return Verdict.STRETCH
    return Verdict.UNREALISTIC


#: Forecast levels: the share of trials in which each value is reached.
FORECAST_LEVELS = {"commit": 0.9, "most_likely": 0.5, "best_case": 0.1}


def hits(values: np.ndarray, target: Target) -> np.ndarray:
    """Whether each value hits `target`: at least its threshold, or at most it for a ceiling.

    The one definition of "hit": a value equal to the threshold hits either way; a value that is not a
    finite number (CAC without a deal, a rate with nothing to divide) never hits, whichever the direction.

    Parameters
    ----------
    values : ndarray
        The target metric's value in each trial (:func:`~simulator.analysis.windows.target_values`).
    target : Target

    Returns
    -------
    ndarray of bool, the shape of `values`

    Examples
    --------
    >>> hits(np.array([49.0, 50.0, 51.0]), Target(value=50)).tolist()
    [False, True, True]
    >>> hits(np.array([49.0, 50.0, 51.0]), Target(value=50, direction=Direction.AT_MOST)).tolist()
    [True, True, False]
    >>> hits(np.array([np.nan, np.inf]), Target(value=50, direction=Direction.AT_MOST)).tolist()
    [False, False]
    """
    values = np.asarray(values)
    at_least = target.direction is Direction.AT_LEAST
    reached = values >= target.threshold if at_least else values <= target.threshold
    return reached & np.isfinite(values)


def odds_of(result: SimulationResult, target: Target) -> tuple[float, float]:
    """The share of trials that hit `target` over its window, and its standard error.

    Examples
    --------
    >>> from simulator.engine.funnel import simulate
    >>> from simulator.model.scenario import Scenario
    >>> p, se = odds_of(simulate(Scenario(trials=2000), rng=42), Target(value=0, deadline_month=3))
    >>> p, se
    (1.0, 0.0)
    """
    hit = hits(target_values(result, target), target)
    probability = float(hit.mean())
    return probability, proportion_standard_error(probability, hit.size)


@dataclass(frozen=True)
class TargetResult:
    """The answer to "can we hit this target?".

    Attributes
    ----------
    target : Target
        The target evaluated.
    threshold : float
        The number to hit.
    probability : float
        Share of trials that hit the target, 0-1.
    standard_error : float
        Monte Carlo standard error of `probability`: ``sqrt(p (1 - p) / trials)``.
    verdict : Verdict
        Achievable / Challenging / Stretch / Unrealistic.
    commit, most_likely, best_case : float
        The value of the target metric over its window reached in 90%, 50% and 10% of trials
        ("reached" means at least it, or at most it for an at-most target; a trial without a value
        reaches nothing).
    percentiles : dict of str to tuple of float
        P10, P50, P90 of every stage, money figure and rate over the target's window (see
        :func:`~simulator.analysis.windows.figure_values`), keyed by the names
        :func:`simulator.analysis.windows.figures_of` gives (the subscription metrics in subscription mode).
    """

    target: Target
    threshold: float
    probability: float
    standard_error: float
    verdict: Verdict
    commit: float
    most_likely: float
    best_case: float
    percentiles: dict[str, tuple[float, float, float]]


def evaluate(
    result: SimulationResult, target: Target | None = None, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS
) -> TargetResult:
    """Odds, verdict, forecast levels and percentiles of a target on a simulation.

    Parameters
    ----------
    result : SimulationResult
        The simulated trials.
    target : Target, optional
        Defaults to the scenario's own target.
    thresholds : VerdictThresholds
        Where the verdicts change.

    Returns
    -------
    TargetResult

    Examples
    --------
    >>> from simulator.engine.funnel import simulate
    >>> from simulator.model.scenario import Scenario
    >>> answer = evaluate(simulate(Scenario(trials=2000), rng=42))
    >>> 0 <= answer.probability <= 1
    True
    """
    target = target or result.scenario.target
    probability, standard_error = odds_of(result, target)
    # A trial without a value (a rate with nothing to divide) reaches no level.
    unreached = -np.inf if target.direction is Direction.AT_LEAST else np.inf
    values = np.nan_to_num(target_values(result, target), nan=unreached, posinf=np.inf, neginf=-np.inf)
    levels = {name: level_reached(values, share, target.direction) for name, share in FORECAST_LEVELS.items()}
    return TargetResult(
        target=target,
        threshold=target.threshold,
        probability=probability,
        standard_error=standard_error,
        verdict=verdict_for(probability, thresholds),
        percentiles={name: percentiles(figure_values(result, name, target)) for name in figures_of(result)},
        **levels,
    )


def level_reached(values: np.ndarray, share: float, direction: Direction) -> float:
    """The best value reached in at least `share` of the trials.

    For an at-least target: the largest ``v`` with ``P(value >= v) >= share``;
    for an at-most target: the smallest ``v`` with ``P(value <= v) >= share``.

    Examples
    --------
    >>> level_reached(np.arange(1, 11), 0.9, Direction.AT_LEAST)
    2.0
    >>> level_reached(np.arange(1, 11), 0.9, Direction.AT_MOST)
    9.0
    """
    ordered = np.sort(values)
    n = ordered.size
    if direction is Direction.AT_LEAST:
        index = math.floor(round((1 - share) * n, 9))
    else:
        index = math.ceil(round(share * n, 9)) - 1
    return float(ordered[min(max(index, 0), n - 1)])
