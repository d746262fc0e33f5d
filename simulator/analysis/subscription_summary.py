"""What a page shows of a customer base: the headline SaaS figures with their spread and precision, each month's
MRR split into what was kept, won, expanded and lost, and the customers' fan.

The headline figures, each a :class:`~simulator.model.target.Target` window read by
:func:`~simulator.analysis.windows.window_values` (the one place windows are counted):

* **ARR** at the end of the target's deadline month;
* **NRR, GRR, LTV : CAC and CAC payback** over the last 12 months of the horizon (all of a shorter one): the
  year that surveys and boards quote retention over. A target's own window is often a quarter, too short to
  read as a retention rate. With 12 months that is months 1-12, today's customers followed for a year.

Each month's MRR moves from the month before's by exactly the new customers' MRR, plus the net expansion of the
kept MRR, less the MRR the churned customers paid (:class:`~simulator.engine.subscriptions.CustomerBase`). The
movements are given as the mean of the trials, which adds up to the change in the mean MRR; medians of the
movements would not add up to anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.statistics import PERCENTILES, median_standard_error, percentiles
from simulator.analysis.windows import window_values
from simulator.engine.result import SimulationResult
from simulator.model.subscription import MONTHS_PER_YEAR
from simulator.model.target import Metric, Target, Window

#: The figures read over the horizon's last year, in the order a page shows them after ARR.
YEAR_FIGURES = (Metric.NRR, Metric.GRR, Metric.LTV_CAC, Metric.CAC_PAYBACK)


@dataclass(frozen=True)
class Spread:
    """One figure across the trials.

    Attributes
    ----------
    p10, p50, p90 : float
        Its percentiles over the trials with a value (NaN when none has one).
    standard_error : float
        Monte Carlo standard error of the P50 (:func:`~simulator.analysis.statistics.median_standard_error`).
    missing_share : float
        Share of trials without a value (NaN: e.g. no customer at a month's start, so no cohort to retain).
    """

    p10: float
    p50: float
    p90: float
    standard_error: float
    missing_share: float


@dataclass(frozen=True)
class HeadlineFigure:
    """A headline figure: what it is and over which months (a target with no number to hit), and its spread."""

    target: Target
    spread: Spread


@dataclass(frozen=True, eq=False)
class SubscriptionSummary:
    """The customer base's figures for a page, a few kilobytes.

    Attributes
    ----------
    headline : tuple of HeadlineFigure
        ARR at the deadline, then :data:`YEAR_FIGURES` over the horizon's last year.
    months : ndarray of int, shape ``(months,)``
        1..horizon.
    mrr : ndarray of float64, shape ``(months,)``
        Mean over the trials of the MRR at each month's end.
    new_mrr, expansion_mrr, churned_mrr : ndarray of float64, shape ``(months,)``
        Mean over the trials of each month's new customers' MRR, the net expansion of the kept MRR (negative:
        contraction) and the MRR lost with the customers who left (positive): ``mrr`` less the month before's
        (the starting MRR before month 1) is ``new_mrr + expansion_mrr - churned_mrr``.
    customers : ndarray of float64, shape ``(3, months)``
        P10, P50 and P90 of the customers at each month's end.
    """

    headline: tuple[HeadlineFigure, ...]
    months: np.ndarray
    mrr: np.ndarray
    new_mrr: np.ndarray
    expansion_mrr: np.ndarray
    churned_mrr: np.ndarray
    customers: np.ndarray


def spread_of(values: np.ndarray) -> Spread:
    """P10, P50, P90, the P50's standard error and the share without a value, of one figure's trial values.

    Examples
    --------
    >>> spread = spread_of(np.array([1.0, 2.0, 3.0, np.nan]))
    >>> spread.p50, spread.missing_share
    (2.0, 0.25)
    """
    p10, p50, p90 = percentiles(values, PERCENTILES)
    return Spread(p10, p50, p90, median_standard_error(values), float(np.isnan(values).mean()))


def headline_targets(target: Target, horizon_months: int) -> tuple[Target, ...]:
    """The windows of the headline figures: ARR at the end of `target`'s deadline month, the others over the
    last 12 months of the horizon.

    Examples
    --------
    >>> [t.period for t in headline_targets(Target(deadline_month=3, value=1), 18)[:2]]
    ['at the end of month 3', 'in months 7-18']
    """
    deadline, first = target.deadline_month, max(1, horizon_months - MONTHS_PER_YEAR + 1)
    arr = Target(metric=Metric.ARR, window=Window.MONTHS, start_month=deadline, deadline_month=deadline, value=0)
    year = (
        Target(metric=metric, window=Window.MONTHS, start_month=first, deadline_month=horizon_months, value=0)
        for metric in YEAR_FIGURES
    )
    return (arr, *year)


def _headline_figure(result: SimulationResult, shown: Target) -> HeadlineFigure:
    values = window_values(result, shown.metric, shown.window, shown.start_month, shown.deadline_month)
    return HeadlineFigure(shown, spread_of(values))


def subscription_summary(result: SimulationResult, target: Target) -> SubscriptionSummary:
    """The headline figures, the monthly MRR split and the customers' fan of a result in subscription mode.

    Parameters
    ----------
    result : SimulationResult
        Of a scenario in subscription mode (``result.customer_base`` is set).
    target : Target
        Whose deadline month the ARR is read at.

    Returns
    -------
    SubscriptionSummary

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> scenario = Scenario(trials=1000, revenue_mode="subscription", starting_customers=200, starting_mrr=1e5)
    >>> summary = subscription_summary(simulate(scenario, rng=42), scenario.target)
    >>> summary.customers.shape, [figure.target.metric.value for figure in summary.headline]
    ((3, 12), ['arr', 'nrr', 'grr', 'ltv_cac', 'cac_payback'])
    """
    base = result.customer_base
    headline = tuple(_headline_figure(result, shown) for shown in headline_targets(target, result.months))
    churned = base.churned_mrr()
    kept = base.opening_mrr() - churned
    expansion = base.expansion_mrr()
    return SubscriptionSummary(
        headline=headline,
        months=np.arange(1, result.months + 1),
        mrr=base.mrr.mean(axis=0),
        new_mrr=(base.mrr - kept - expansion).mean(axis=0),
        expansion_mrr=expansion.mean(axis=0),
        churned_mrr=churned.mean(axis=0),
        customers=np.percentile(base.customers, PERCENTILES, axis=0, method="inverted_cdf").astype(np.float64),
    )
