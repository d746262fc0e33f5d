"""A target beside the team's record: best and typical past periods, and how often they grew as much.

A period's value is its months' total for a count or an amount; for the customer base, as the simulator reads
the metric (:mod:`simulator.analysis.subscription_figures`): MRR, ARR and customers at the period's last month;
the churn rate, churned / customers at the months' start; NRR and GRR, the product over its months of the
share of customers kept times the net expansion (GRR: only when it is a contraction). For a ceiling (churn at
most 1%), "grew as much" reads "fell as much".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.history.customer_base import opening
from simulator.history.reader import History, HistoryError, read_history  # noqa: F401 (doctest)
from simulator.history.subscription_fit import expansion_rates
from simulator.history.words import figure_name
from simulator.i18n import _, ngettext, number_text, percent_text
from simulator.model.subscription import MONTHS_PER_YEAR
from simulator.model.target import Direction, Metric, Target

#: The figure a revenue target is judged on in subscription mode: the months' MRR, totalled.
RECURRING_REVENUE = "recurring_revenue"
#: The history column each target metric is judged on.
METRIC_FIGURE = {
    Metric.TRAFFIC: "visits",
    Metric.LEADS: "leads",
    Metric.QUALIFIED: "qualified",
    Metric.DEALS: "won",
    Metric.REVENUE: "revenue",
    Metric.MRR: "mrr",
    Metric.ARR: "mrr",
    Metric.CUSTOMERS: "customers",
    Metric.CHURN_RATE: "churned_customers",
    Metric.NRR: "churned_customers",
    Metric.GRR: "churned_customers",
}


@dataclass(frozen=True)
class Judgement:
    """A target beside the team's record over periods of the same length.

    Attributes
    ----------
    periods : DataFrame
        Past periods (``start``, ``end``, ``value``), oldest first.
    best, typical : float
        The best past period (the highest; the lowest for a ceiling) and the median one.
    growth_vs_last : float or None
        Growth the target implies against the last period.
    growth_vs_last_year : float or None
        ... against the same period a year earlier.
    periods_that_grew_as_much : int
    periods_compared : int
        How many period-to-period changes the record has.
    sentence : str
    """

    periods: pd.DataFrame
    best: float
    typical: float
    growth_vs_last: float | None
    growth_vs_last_year: float | None
    periods_that_grew_as_much: int
    periods_compared: int
    sentence: str


def judge_target(history: History, target: Target, *, recurring: bool = False) -> Judgement | None:
    """Put `target` beside the record over periods as long as its window (a month for a total's monthly
    average or any one month); None when the history has nothing of its metric.

    `recurring`: the scenario is in subscription mode, where a month's revenue is its MRR, so a revenue target
    is judged against the history's MRR.
    """
    column = METRIC_FIGURE.get(target.metric)
    if recurring and target.metric is Metric.REVENUE:
        column = "mrr"
    if column is None or column not in history.data:
        return None
    if target.metric.is_subscription:
        months, figure = target.deadline_month - target.start_month + 1, target.metric.value
    else:
        months, figure = target.months_counted, RECURRING_REVENUE if column == "mrr" else column
    return judge(history, figure, target.threshold, months, target.direction)


def judge(
    history: History, figure: str, target: float, months: int, direction: Direction = Direction.AT_LEAST
) -> Judgement:
    """Put a target for `months` months of `figure` (a history column, or a subscription metric's name)
    beside the record.

    Examples
    --------
    >>> h = read_history("month,visits,leads,qualified,won\\n" + "\\n".join(
    ...     f"2024-{m:02d},1000,100,40,{10 + m}" for m in range(1, 13)))
    >>> judge(h, "won", 80, 3).periods_that_grew_as_much  # +27% on the last quarter; best growth was +25%
    0
    """
    monthly, period_value = _monthly(history.data, figure)
    values = monthly.dropna()
    starts = list(range(len(values) % months, len(values) - months + 1, months))  # the latest period ends last
    periods = pd.DataFrame(
        [
            {
                "start": values.index[s],
                "end": values.index[s + months - 1],
                "value": period_value(values.iloc[s : s + months]),
            }
            for s in starts
        ]
    )
    if periods.empty:
        raise HistoryError(
            ngettext(
                "The history has fewer than {months} month of {figure}: nothing to compare with.",
                "The history has fewer than {months} months of {figure}: nothing to compare with.",
                months,
            ).format(months=number_text(months), figure=figure_name(figure))
        )
    last = periods["value"].iloc[-1]
    growth_last = target / last - 1 if last > 0 else None
    per_year = 12 // months if 12 % months == 0 else None
    year_ago = periods["value"].iloc[-per_year] if per_year and len(periods) >= per_year else None
    growth_year = target / year_ago - 1 if year_ago else None
    changes = periods["value"].pct_change().dropna()
    at_least = direction is Direction.AT_LEAST
    needed = growth_last if growth_last is not None else (math.inf if at_least else -math.inf)
    grew = int((changes >= needed).sum() if at_least else (changes <= needed).sum())
    best = periods["value"].max() if at_least else periods["value"].min()
    shown = _shown(figure)
    record = _("Best period {best}, typical {typical}.").format(
        best=shown(best), typical=shown(periods["value"].median())
    )
    sentence = record
    if growth_last is not None:
        how_many = _how_many(len(changes), months, at_least).format(
            grew=number_text(grew), periods=number_text(len(changes)), months=number_text(months)
        )
        # TRANSLATORS: {how_many} is e.g. "3 of 11 past quarters grew that much." and {record} "Best period 120,
        # typical 95."
        sentence = _("The target implies {growth} against the last period; {how_many} {record}").format(
            growth=percent_text(needed, signed=True), how_many=how_many, record=record
        )
    return Judgement(
        periods,
        float(best),
        float(periods["value"].median()),
        growth_last,
        growth_year,
        grew,
        len(changes),
        sentence,
    )


def _monthly(data: pd.DataFrame, figure: str):
    """Each month's part of `figure`, indexed by month, and how a period's value is made of its months' parts."""
    by_month = data.set_index("month")
    if figure not in _BASE_FIGURES:
        column = "mrr" if figure == RECURRING_REVENUE else figure
        return by_month[column], lambda months: float(months.sum())
    if figure in (Metric.MRR, Metric.ARR, Metric.CUSTOMERS):
        column = "customers" if figure == Metric.CUSTOMERS else "mrr"
        scale = MONTHS_PER_YEAR if figure == Metric.ARR else 1
        return by_month[column] * scale, lambda months: float(months.iloc[-1])
    start = opening(data, "customers").set_axis(by_month.index)
    kept = 1 - by_month["churned_customers"] / start.where(start > 0)
    if figure == Metric.CHURN_RATE:  # customer-months weighted: the parts are (churned, at the start) pairs
        parts = pd.Series(list(zip(by_month["churned_customers"], start, strict=True)), index=by_month.index)
        parts = parts.where(kept.notna())
        return parts, lambda months: sum(c for c, _n in months) / sum(n for _c, n in months)
    growth = 1 + expansion_rates(data).set_axis(by_month.index)
    factor = growth if figure == Metric.NRR else np.minimum(growth, 1.0)
    return kept * factor, lambda months: float(months.prod())


#: The subscription figures read from the customer base's columns rather than totalled.
_BASE_FIGURES = {metric.value for metric in (Metric.MRR, Metric.ARR, Metric.CUSTOMERS, Metric.CHURN_RATE)} | {
    Metric.NRR.value,
    Metric.GRR.value,
}


def _how_many(compared: int, months: int, at_least: bool) -> str:
    """How many of the past periods grew (or fell) as much, with placeholders ``{grew}``, ``{periods}`` and
    ``{months}``: a sentence per length of period and direction, each a plural form of the periods compared."""
    if months == 1:
        if at_least:
            return ngettext(
                "{grew} of {periods} past months grew that much.",
                "{grew} of {periods} past months grew that much.",
                compared,
            )
        return ngettext(
            "{grew} of {periods} past months fell that much.",
            "{grew} of {periods} past months fell that much.",
            compared,
        )
    if months == 3:
        if at_least:
            return ngettext(
                "{grew} of {periods} past quarters grew that much.",
                "{grew} of {periods} past quarters grew that much.",
                compared,
            )
        return ngettext(
            "{grew} of {periods} past quarters fell that much.",
            "{grew} of {periods} past quarters fell that much.",
            compared,
        )
    if months == 12:
        if at_least:
            return ngettext(
                "{grew} of {periods} past years grew that much.",
                "{grew} of {periods} past years grew that much.",
                compared,
            )
        return ngettext(
            "{grew} of {periods} past years fell that much.",
            "{grew} of {periods} past years fell that much.",
            compared,
        )
    if at_least:
        return ngettext(
            "{grew} of {periods} past {months}-month periods grew that much.",
            "{grew} of {periods} past {months}-month periods grew that much.",
            compared,
        )
    return ngettext(
        "{grew} of {periods} past {months}-month periods fell that much.",
        "{grew} of {periods} past {months}-month periods fell that much.",
        compared,
    )


def _shown(figure: str):
    """How a period's value is written: shares in percent, the rest as whole numbers."""
    if figure in (Metric.CHURN_RATE, Metric.NRR, Metric.GRR):
        return lambda value: percent_text(value, 1)
    return number_text
