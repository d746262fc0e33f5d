"""The subscription metrics of each trial over a window of months: levels, churn, retention, LTV and payback.

With ``n_m`` the customers at month m's start, ``k_m`` those who left in it, ``e`` the trial's net expansion
rate and ``M_m``, ``C_m`` the MRR and customers at the month's end:

* **MRR, ARR, customers** are levels: the window's last month (``12 M`` for ARR), or its monthly average, or
  its best month.
* **Churn rate**: logo churn per month over the window, ``sum k_m / sum n_m`` (customer-months weighted).
* **NRR, GRR**: the revenue kept from the customers there at the window's start, with the standard definitions
  (e.g. the SaaS Capital and KeyBanc surveys: NRR = (starting MRR - churned - contraction + expansion) /
  starting MRR of one cohort, GRR the same without expansion and so at most 100%). In the model a leaving
  customer takes the base's average MRR, so the cohort keeps ``1 - k_m / n_m`` of its MRR each month and grows
  by ``e``: ``NRR = prod (1 - k_m / n_m)(1 + e)`` and ``GRR = prod (1 - k_m / n_m) min(1, 1 + e)`` over the
  window's months; per month on average, their geometric mean. No value (NaN) when a month of the window
  starts with no customer: there is no cohort to follow.
* **LTV** is the formula ``ARPA x gross margin / monthly churn``, with ARPA = ``M / C`` at the window's end and
  the window's churn rate: not a simulated lifetime, which a horizon of at most 24 months would cut short.
  Infinite when no customer left (never a hit for an at-most target).
* **LTV : CAC** with CAC the window's costs / new customers (won deals), and **CAC payback** in months,
  ``CAC / (ARPA x gross margin)``.

For any one month of the window (``ANY_MONTH``) each is taken month by month and the best month kept.
"""

from __future__ import annotations

import numpy as np

from simulator.analysis.statistics import best_month
from simulator.engine.result import SimulationResult
from simulator.engine.subscriptions import CustomerBase
from simulator.i18n import _
from simulator.model.checks import InputError
from simulator.model.subscription import MONTHS_PER_YEAR
from simulator.model.target import LEVELS, Direction, Metric, Window


def subscription_values(
    result: SimulationResult, metric: Metric, window: Window, first: int, last: int, direction: Direction
) -> np.ndarray:
    """The value of subscription `metric` in each trial over months `first`..`last` (1-based, inclusive).

    The parameters and the result are :func:`simulator.analysis.windows.window_values`'s, for a `result` in
    subscription mode and `metric` one of :data:`~simulator.model.target.SUBSCRIPTION_METRICS`; a level's
    ``MONTHS`` and ``BY_DEADLINE`` value is its level at the window's end.

    Raises
    ------
    InputError
        When the scenario is not in subscription mode.
    """
    base = result.customer_base
    if base is None:
        raise InputError("target.metric", metric.value, _("a subscription metric only in subscription mode"))
    if window is Window.ANY_MONTH:
        months = np.column_stack(
            [_over(result, base, metric, month, month, average=False) for month in range(first, last + 1)]
        )
        return best_month(months, direction is Direction.AT_LEAST)
    return _over(result, base, metric, first, last, average=window is Window.AVERAGE)


def _over(
    result: SimulationResult, base: CustomerBase, metric: Metric, first: int, last: int, *, average: bool
) -> np.ndarray:
    """`metric` over months `first`..`last`: totals, levels at the end, or (`average`) per month on average."""
    columns = slice(first - 1, last)
    if metric in LEVELS:
        levels = (base.customers if metric is Metric.CUSTOMERS else base.mrr)[:, columns].astype(np.float64)
        level = levels.mean(axis=1) if average else levels[:, -1]
        return level * MONTHS_PER_YEAR if metric is Metric.ARR else level
    months = last - first + 1
    opening = base.opening_customers()
    if metric in (Metric.NRR, Metric.GRR):
        growth = 1 + base.drawn["expansion"]
        kept = _ratio(opening - base.churned, opening)[:, columns]
        factor = growth if metric is Metric.NRR else np.minimum(growth, 1.0)
        retention = kept.prod(axis=1) * factor**months
        return retention ** (1 / months) if average else retention
    churn = _ratio(base.churned[:, columns].sum(axis=1), opening[:, columns].sum(axis=1))
    if metric is Metric.CHURN_RATE:
        return churn
    margin = result.scenario.gross_margin
    arpa = _ratio(base.mrr[:, last - 1], base.customers[:, last - 1].astype(np.float64))
    lifetime_value = _ratio(arpa * margin, churn, empty=np.inf)
    if metric is Metric.LTV:
        return lifetime_value
    cac = _ratio(result.costs[:, columns].sum(axis=1), result.deals[:, columns].sum(axis=1), empty=np.inf)
    if metric is Metric.LTV_CAC:  # no new customer: no CAC, no ratio; no cost: an endless ratio
        return np.where(np.isinf(cac), np.nan, _ratio(lifetime_value, cac, empty=np.inf))
    return _ratio(cac, arpa * margin, empty=np.inf)  # Metric.CAC_PAYBACK


def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float = np.nan) -> np.ndarray:
    """Numerator / denominator, `empty` where the denominator is 0 (NaN where the numerator is NaN)."""
    numerator, denominator = np.asarray(numerator, np.float64), np.asarray(denominator, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), empty)
    return np.where(np.isnan(numerator), np.nan, ratio)
