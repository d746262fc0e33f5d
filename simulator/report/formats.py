"""How the app and its briefs write numbers: odds that never contradict their verdict, a metric's value with its
unit, and money short enough for a headline read from across a room."""

from __future__ import annotations

import math

from simulator.analysis.targets import DEFAULT_THRESHOLDS
from simulator.model.target import Metric, VerdictThresholds

#: What an infinite value means, for the metrics that can have one; anything else not finite has no value.
UNBOUNDED_WORDS = {
    Metric.CAC: "no deal won",
    Metric.LTV: "no churn",
    Metric.LTV_CAC: "no cost or no churn",
    Metric.CAC_PAYBACK: "never",
}


def metric_text(metric: Metric, value: float) -> str:
    """A value of `metric` with its unit: money with $ and thousands separators, counts whole, shares in percent.

    Examples
    --------
    >>> metric_text(Metric.REVENUE, 253_501.4), metric_text(Metric.GROSS_PROFIT, -1200)
    ('$253,501', '-$1,200')
    >>> metric_text(Metric.DEALS, 41), metric_text(Metric.WIN_RATE, 0.2534), metric_text(Metric.LTV_CAC, 3.456)
    ('41', '25.3%', '3.5x')
    >>> metric_text(Metric.CAC, float("inf")), metric_text(Metric.CAC_PAYBACK, 14.04)
    ('no deal won', '14.0 months')
    """
    if not math.isfinite(value):
        return UNBOUNDED_WORDS.get(metric, "no value") if math.isinf(value) else "no value"
    if metric.is_share:
        return f"{value:.1%}"
    if metric.is_money:
        return f"{'-' if value < 0 else ''}${abs(value):,.0f}"
    if metric is Metric.LTV_CAC:
        return f"{value:,.1f}x"
    if metric is Metric.CAC_PAYBACK:
        return f"{value:,.1f} months"
    return f"{value:,.0f}"


def short_money(value: float) -> str:
    """An amount in three significant figures, for a headline a room reads from afar.

    Examples
    --------
    >>> short_money(1_234_567), short_money(845_210), short_money(-9_870), short_money(512), short_money(2e6)
    ('$1.23M', '$845k', '-$9.87k', '$512', '$2.00M')
    """
    sign, amount = "-" if value < 0 else "", abs(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if amount >= size * 0.9995:  # 999,999 is $1.00M, not $1000k
            return f"{sign}${f'{amount / size:#.3g}'.rstrip('.')}{suffix}"  # 2.00M beside 1.56M, not 2M
    return f"{sign}${amount:.0f}"


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
        return f"{tenths:.1%}"
    return f"{probability:.0%}"
