"""Each trial's value of a figure over a window of months: the one place a target's months are counted.

A count or an amount is totalled over the window (or averaged per month, or taken from the best month);
a ratio (CAC, a conversion rate) is the ratio of the window's totals. A trial with nothing to divide by has
no value: an infinite CAC (no deal won), a rate of NaN (no visit, lead or closed opportunity); neither ever
hits a target (:func:`simulator.analysis.targets.hits`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from simulator.analysis.statistics import best_month
from simulator.analysis.subscription_figures import subscription_values
from simulator.engine.result import FIGURES, SimulationResult
from simulator.model.target import SUBSCRIPTION_METRICS, Direction, Metric, Target, Window

#: Ratio figures: numerator and denominator, both totals of monthly figures.
RATIOS = {
    Metric.CAC.value: ("costs", "deals"),
    Metric.WIN_RATE.value: ("deals", "closed"),
    Metric.VISIT_TO_LEAD.value: ("leads", "traffic"),
    Metric.LEAD_TO_QUALIFIED.value: ("qualified", "leads"),
}
#: The subscription metrics (:mod:`simulator.analysis.subscription_figures`), by name.
SUBSCRIPTION_NAMES = frozenset(metric.value for metric in SUBSCRIPTION_METRICS)
#: Every figure a window can report in any scenario: the engine's figures and the conversion rates (and, in
#: subscription mode only, :data:`SUBSCRIPTION_NAMES`).
WINDOW_FIGURES = (*FIGURES, Metric.WIN_RATE.value, Metric.VISIT_TO_LEAD.value, Metric.LEAD_TO_QUALIFIED.value)


def monthly(result: SimulationResult, figure: str) -> np.ndarray:
    """Each month's own value of an additive figure (not a ratio), shape ``(trials, months)``."""
    if figure == Metric.GROSS_PROFIT:
        return result.gross_profit()
    return {
        Metric.TRAFFIC: result.visits,
        Metric.LEADS: result.leads,
        Metric.QUALIFIED: result.qualified,
        "worked": result.worked,
        "closed": result.closed,
        Metric.DEALS: result.deals,
        Metric.REVENUE: result.revenue,
        "costs": result.costs,
    }[figure]


def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float = np.nan) -> np.ndarray:
    """Numerator / denominator, `empty` where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), empty)


def window_values(
    result: SimulationResult,
    figure: Metric | str,
    window: Window,
    first: int,
    last: int,
    direction: Direction = Direction.AT_LEAST,
) -> np.ndarray:
    """The value of `figure` in each trial over months `first`..`last` (1-based, inclusive), read as `window`.

    Parameters
    ----------
    result : SimulationResult
    figure : Metric or str
        A target metric, or any name in :data:`WINDOW_FIGURES`.
    window : Window
        ``BY_DEADLINE`` and ``MONTHS`` total the months (the running total is months 1..`last`);
        ``AVERAGE`` divides the total by the number of months; ``ANY_MONTH`` takes the best single
        month: the highest for an at-least target, the lowest for an at-most one. A ratio is the ratio
        of the totals for every window but ``ANY_MONTH``, where it is the best month's ratio among the
        months that have one.
    first, last : int
        The window's months.
    direction : Direction
        Which month is best, for ``ANY_MONTH``.

    Returns
    -------
    ndarray of float64, shape ``(trials,)``

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> result = simulate(Scenario(trials=100), rng=42)
    >>> q3 = window_values(result, "deals", Window.MONTHS, 7, 9)
    >>> bool(np.all(q3 == result.total("deals", 9) - result.total("deals", 6)))
    True
    """
    name = str(figure)
    if name in SUBSCRIPTION_NAMES:
        return subscription_values(result, Metric(name), window, first, last, direction)
    columns = slice(first - 1, last)
    if name in RATIOS:
        numerator, denominator = (monthly(result, part)[:, columns] for part in RATIOS[name])
        # No deal won gives an infinite CAC (as by the deadline); a rate with nothing to divide is NaN.
        empty = np.inf if name == Metric.CAC else np.nan
        if window is not Window.ANY_MONTH:
            totals = (part.sum(axis=1, dtype=np.float64) for part in (numerator, denominator))
            return _ratio(*totals, empty)
        best = best_month(_ratio(numerator.astype(np.float64), denominator), direction is Direction.AT_LEAST)
        return np.where(np.isnan(best), empty, best)
    values = monthly(result, name)[:, columns]
    if window is Window.ANY_MONTH:
        return best_month(values.astype(np.float64), direction is Direction.AT_LEAST)
    total = values.sum(axis=1, dtype=np.float64)
    return total / (last - first + 1) if window is Window.AVERAGE else total


def figures_of(result: SimulationResult) -> tuple[str, ...]:
    """The figures a window can report for `result`: :data:`WINDOW_FIGURES`, and the subscription metrics in
    subscription mode."""
    if result.customer_base is None:
        return WINDOW_FIGURES
    return (*WINDOW_FIGURES, *(metric.value for metric in SUBSCRIPTION_METRICS))


def target_values(result: SimulationResult, target: Target) -> np.ndarray:
    """Each trial's value of `target`'s metric over its window: the values that decide a hit.

    Every analysis that asks whether a trial hits a target (the odds, goal seek, the tornado, comparisons,
    the goal breakdown, the re-forecast) takes the values from here.

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> result = simulate(Scenario(trials=100), rng=42)
    >>> bool(np.all(target_values(result, Target(value=30, deadline_month=3)) == result.total("deals", 3)))
    True
    """
    return window_values(
        counted_result(result, target),
        target.metric,
        target.window,
        target.start_month,
        target.deadline_month,
        target.direction,
    )


def counted_result(result: SimulationResult, target: Target) -> SimulationResult:
    """What `target` counts: the whole result, or the channels it names."""
    return result.for_channels(target.channels) if target.channels else result


def figure_values(result: SimulationResult, figure: str, target: Target) -> np.ndarray:
    """Any figure over `target`'s window, for the percentiles reported beside the odds.

    The running total or the window's total as the target counts it; for a target on a monthly average or on
    any one month, the monthly average over the window (what a typical month of the window looks like).
    """
    counted = figures_target(target)
    return window_values(result, figure, counted.window, counted.start_month, counted.deadline_month)


def figures_target(target: Target) -> Target:
    """`target` with the window its figures are reported over: an any-month target's is the average month.

    Examples
    --------
    >>> figures_target(Target(window=Window.ANY_MONTH, deadline_month=12, value=10)).period
    'per month on average over months 1-12'
    """
    return replace(target, window=Window.AVERAGE) if target.window is Window.ANY_MONTH else target
