"""How the app and its briefs write a metric's value with its unit, and odds that never contradict their
verdict, in the run's language and currency (:mod:`simulator.i18n.numbers`)."""

from __future__ import annotations

import math

from simulator.analysis.targets import DEFAULT_THRESHOLDS
from simulator.i18n import N_, _, isolated, money_text, ngettext, number_text, percent_text
from simulator.model.target import Metric, VerdictThresholds

#: What an infinite value means, for the metrics that can have one; anything else not finite has no value.
UNBOUNDED_WORDS = {
    Metric.CAC: N_("no deal won"),
    Metric.LTV: N_("no churn"),
    Metric.LTV_CAC: N_("no cost or no churn"),
    Metric.CAC_PAYBACK: N_("never"),
}
NO_VALUE = N_("no value")


def metric_text(metric: Metric, value: float) -> str:
    """A value of `metric` with its unit, in the run's language and currency: money in whole units, counts whole,
    shares in percent.

    Examples
    --------
    >>> metric_text(Metric.REVENUE, 253_501.4), metric_text(Metric.GROSS_PROFIT, -1200)
    ('$253,501', '-$1,200')
    >>> metric_text(Metric.DEALS, 41), metric_text(Metric.WIN_RATE, 0.2534), metric_text(Metric.LTV_CAC, 3.456)
    ('41', '25.3%', '3.5x')
    >>> metric_text(Metric.CAC, float("inf")), metric_text(Metric.CAC_PAYBACK, 14.04)
    ('no deal won', '14.0 months')
    >>> from simulator.i18n import using
    >>> with using("es", "EUR"):
    ...     metric_text(Metric.REVENUE, 253_501.4), metric_text(Metric.WIN_RATE, 0.2534)
    ('253.501\xa0€', '25,3\xa0%')
    """
    if not math.isfinite(value):
        return _(UNBOUNDED_WORDS.get(metric, NO_VALUE) if math.isinf(value) else NO_VALUE)
    if metric.is_share:
        return percent_text(value, 1)
    if metric.is_money:
        return money_text(value)
    if metric is Metric.LTV_CAC:
        # TRANSLATORS: a ratio, e.g. "3.5x" (lifetime value is 3.5 times the acquisition cost)
        return isolated(_("{ratio}x").format(ratio=number_text(value, 1)))
    if metric is Metric.CAC_PAYBACK:
        return ngettext("{months} month", "{months} months", math.ceil(value)).format(months=number_text(value, 1))
    return number_text(value)


def odds_text(probability: float, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS) -> str:
    """Odds in whole percent, or with one decimal where whole percent would cross a verdict boundary.

    0.497 is a Stretch (below 50%): written "50%" it would read as Challenging, so it is "49.7%"; truncated,
    not rounded, at a boundary, 0.7996 is "79.9%".

    Examples
    --------
    >>> odds_text(0.23), odds_text(0.497), odds_text(0.7996), odds_text(0.8)
    ('23%', '49.7%', '79.9%', '80%')
    """
    boundaries = (thresholds.stretch, thresholds.challenging, thresholds.achievable)
    whole = round(probability * 100) / 100
    if any((probability < b) != (whole < b) for b in boundaries):
        tenths = int(probability * 1000) / 1000  # truncated: stays on the verdict's side
        return percent_text(tenths, 1)
    return percent_text(probability)
