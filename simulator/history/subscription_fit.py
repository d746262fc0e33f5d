"""Fitting a subscription business from its history: monthly churn, net expansion and the starting base.

Subscription mode (:mod:`simulator.model.subscription`) draws each trial's churn and expansion rates once from
their 90% ranges; the ranges fitted here are what the history says about those rates, as the funnel's rates are
fitted (:mod:`simulator.history.fit`): how uncertain the team's rate is, not how much single months vary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from simulator.history.customer_base import new_customers, opening
from simulator.history.fit import accepted, check_recency, rate_range, weights_by_age
from simulator.history.fitted_table import columns
from simulator.history.reader import History
from simulator.history.words import period_text
from simulator.i18n import _, currency_symbol, money_text, number_text, percent_text
from simulator.model.distributions import Range
from simulator.model.scenario import Scenario
from simulator.model.subscription import MONTHS_PER_YEAR, RevenueMode


@dataclass(frozen=True)
class SubscriptionFit:
    """The customer base fitted from a history.

    Attributes
    ----------
    ranges : dict of str to Range
        ``churn`` and ``expansion``, each when the history allowed it.
    starting_month : Period
        The month the starting base is read from: the last with customers (and MRR, when the file has it).
    starting_customers : int
    starting_mrr : float or None
        None when the history has no MRR.
    months_used : dict of str to int
        How many months each range was fitted on.
    notes : tuple of str
        What could not be fitted, and what :meth:`apply` changes for the model to accept it.
    """

    ranges: dict[str, Range]
    starting_month: pd.Period
    starting_customers: int
    starting_mrr: float | None
    months_used: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def apply(self, scenario: Scenario) -> Scenario:
        """`scenario` in subscription mode with this base and these ranges (rounded as
        :meth:`~simulator.history.fit.Fit.apply` rounds them); with no MRR fitted its own starting MRR stays,
        or 0 when the base has no customers.

        Examples
        --------
        >>> fitted = SubscriptionFit({"churn": Range(0.0123456, 0.0234567)}, pd.Period("2025-12", "M"), 200, 1e5)
        >>> applied = fitted.apply(Scenario())
        >>> applied.revenue_mode.value, applied.starting_customers, applied.starting_mrr, applied.churn
        ('subscription', 200, 100000.0, Range(low=0.01235, high=0.02346))
        """
        if self.starting_mrr is not None:
            mrr = round(self.starting_mrr, 2)
        else:
            mrr = scenario.starting_mrr if self.starting_customers else 0.0
        return replace(
            scenario,
            revenue_mode=RevenueMode.SUBSCRIPTION,
            starting_customers=self.starting_customers,
            starting_mrr=mrr,
            **accepted(self.ranges, 0.0)[0],
        )


def fit_subscription(
    history: History, *, last_months: int | None = None, half_life: float | None = None
) -> SubscriptionFit | None:
    """Fit monthly churn, net expansion and the starting base from a history with customers; None without.

    * **Churn** is a Beta posterior (uniform prior) of the churned customers in the customers at their month's
      start (the month before's customers), each month's counts weighted for recency as the funnel's rates
      are (:func:`~simulator.history.fit.rate_range`); months whose month before has no row are left out.
    * **Expansion**: each month's net expansion of the retained MRR,
      ``e = (MRR - new MRR) / (MRR before x (1 - churned / customers before)) - 1``, read as the engine makes
      the MRR: a customer who leaves takes the base's average MRR, the rest grow by ``e`` and the new
      customers join. The new MRR is the month's revenue / 12 when the history has revenue (the model reads a
      won deal's size as its annual contract value, as the fitted deal size does), else the new customers
      (or won deals) x the base's average MRR at the month's start. The range is the 90% interval of the
      mean of ``e``: the weighted mean +/- Student's t (95th percentile, effective months - 1 degrees of
      freedom) x its standard error, exact for months that vary independently and normally around the
      team's rate. The month-to-month spread around it is not simulated (the engine draws one rate a trial).
    * **The starting base** is the customers and MRR of the last month that gives both (customers only when
      the file has no MRR).

    Parameters
    ----------
    history : History
        As :func:`~simulator.history.read_history` gives it.
    last_months, half_life
        Recency, as :func:`~simulator.history.fit.fit` takes it, by each month's age before the history's last.

    Examples
    --------
    >>> from simulator.history.reader import read_history
    >>> rows = [f"2025-{m:02d},900,90,30,10,{190 + 5 * m},5,{100 * (190 + 5 * m)}" for m in range(1, 7)]
    >>> history = read_history("month,visits,leads,qualified,won,customers,churned,mrr\\n" + "\\n".join(rows))
    >>> fitted = fit_subscription(history)
    >>> churn = fitted.ranges["churn"]
    >>> round(churn.low, 4), round(churn.high, 4), fitted.months_used["churn"], fitted.starting_customers
    (0.0178, 0.0339, 5, 220)
    """
    check_recency(last_months, half_life)
    data = history.data
    if "customers" not in data or data["customers"].isna().all():
        return None
    age = (data["month"].max() - data["month"]).map(lambda offset: offset.n).to_numpy(float)
    data = data.assign(weight=weights_by_age(age, last_months, half_life), start=opening(data, "customers"))
    ranges, used, notes = {}, {}, []
    if "churned_customers" in data:
        months = data.dropna(subset=["churned_customers", "start"]).query("start > 0 and weight > 0")
        if len(months):
            k, n = (float(np.sum(months["weight"] * months[c])) for c in ("churned_customers", "start"))
            ranges["churn"], used["churn"] = rate_range(k, n), len(months)
    else:
        notes.append(_("The history has no churned customers: churn is not fitted."))
    if "mrr" in data and "churned_customers" in data:
        rates = expansion_rates(data).dropna()
        rates = rates[data["weight"][rates.index] > 0]
        if len(rates) >= 2:
            ranges["expansion"], used["expansion"] = mean_range(rates.to_numpy(), data["weight"][rates.index])
        else:
            notes.append(_("Fewer than two months give the MRR kept and churned: expansion is not fitted."))
    start = data.dropna(subset=[c for c in ("customers", "mrr") if c in data]).iloc[-1]
    if start["month"] != data["month"].max():
        notes.append(
            _("The starting base is {month}'s, the last month with its figures.").format(
                month=period_text(start["month"])
            )
        )
    mrr = float(start["mrr"]) if "mrr" in data else None
    notes += accepted(ranges, 0.0)[2]
    return SubscriptionFit(ranges, start["month"], int(start["customers"]), mrr, used, tuple(notes))


def expansion_rates(data: pd.DataFrame) -> pd.Series:
    """Each month's net expansion of the retained MRR, as :func:`fit_subscription` reads it; NaN where unknown.

    >>> data = pd.DataFrame({"month": pd.period_range("2025-01", periods=2, freq="M"), "won": [0.0, 1.0],
    ...     "revenue": [0.0, 1200.0], "customers": [10.0, 10.0], "churned_customers": [0.0, 1.0],
    ...     "mrr": [1000.0, 1000.0]})
    >>> expansion_rates(data).round(4).tolist()  # 900 kept, 100 new: 1000 - 100 = 900, no expansion
    [nan, 0.0]
    """
    start, start_mrr = opening(data, "customers"), opening(data, "mrr")
    kept = start_mrr * (1 - data["churned_customers"] / start)
    average_new = new_customers(data) * start_mrr / start
    new_mrr = data["revenue"] / MONTHS_PER_YEAR if "revenue" in data else average_new
    return ((data["mrr"] - new_mrr) / kept - 1).where((start > 0) & (kept > 0))


def mean_range(values: np.ndarray, weights: pd.Series) -> tuple[Range, int]:
    """The 90% Student's t interval of the weighted mean of `values`, and how many months had a weight.

    The weights are reliability weights: the variance is ``sum w (x - m)^2 / (V1 - V2 / V1)`` with ``V1`` and
    ``V2`` the sums of the weights and of their squares, and the mean's standard error that over the effective
    number of months ``V1^2 / V2``; with equal weights, the textbook t interval.

    >>> fitted, months = mean_range(np.array([0.01, 0.02, 0.03]), pd.Series([1.0, 1.0, 1.0]))
    >>> round(fitted.low, 5), round(fitted.high, 5), months
    (0.00314, 0.03686, 3)
    """
    w = weights.to_numpy(float)
    v1, v2 = w.sum(), np.sum(w**2)
    mean = float(np.average(values, weights=w))
    variance = float(np.sum(w * (values - mean) ** 2) / (v1 - v2 / v1))
    effective = v1**2 / v2
    half = float(stats.t.ppf(0.95, effective - 1)) * math.sqrt(variance / effective)
    return Range(mean - half, mean + half), int(np.count_nonzero(w))


def subscription_rows(fitted: SubscriptionFit) -> list[dict[str, str]]:
    """The fitted base as rows of :data:`~simulator.history.fitted_table.COLUMNS`, as the page and command line
    show the funnel's.

    >>> fitted = SubscriptionFit({"churn": Range(0.015, 0.03)}, pd.Period("2025-12", "M"), 200, 100_000.0,
    ...                          {"churn": 23})
    >>> for row in subscription_rows(fitted):
    ...     print(row)
    {'Input': 'Monthly churn (share of the customers leaving)', 'Low (5%)': '1.50%', 'High (95%)': '3.00%', 'Months used': '23'}
    {'Input': 'Starting customers (2025-12)', 'Low (5%)': '200', 'High (95%)': '', 'Months used': '1'}
    {'Input': 'Starting MRR ($ a month, 2025-12)', 'Low (5%)': '$100,000', 'High (95%)': '', 'Months used': '1'}
    """  # noqa: E501
    labels = {
        "churn": (_("Monthly churn (share of the customers leaving)"), lambda share: percent_text(share, 2)),
        "expansion": (
            _("Monthly net expansion of the MRR kept"),
            lambda share: percent_text(share, 2, signed=True),
        ),
    }
    lines = [
        (labels[name][0], labels[name][1](r.low), labels[name][1](r.high), fitted.months_used[name])
        for name, r in fitted.ranges.items()
    ]
    month = period_text(fitted.starting_month)
    customers = _("Starting customers ({month})").format(month=month)
    lines.append((customers, number_text(fitted.starting_customers), "", 1))
    if fitted.starting_mrr is not None:
        mrr = _("Starting MRR ({currency} a month, {month})").format(currency=currency_symbol(), month=month)
        lines.append((mrr, money_text(fitted.starting_mrr), "", 1))
    return [dict(zip(columns(), (*line[:3], str(line[3])), strict=True)) for line in lines]
