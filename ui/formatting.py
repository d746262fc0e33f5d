"""How the app writes its numbers: odds that never contradict their verdict, money with its unit."""

from __future__ import annotations

import math

from simulator import Metric, VerdictThresholds
from simulator.analysis.targets import DEFAULT_THRESHOLDS


def metric_text(metric: Metric, value: float) -> str:
    """A value of `metric` with its unit: money with $ and thousands separators, counts whole, rates in percent.

    >>> metric_text(Metric.REVENUE, 253_501.4), metric_text(Metric.GROSS_PROFIT, -1200)
    ('$253,501', '-$1,200')
    >>> metric_text(Metric.DEALS, 41), metric_text(Metric.WIN_RATE, 0.2534)
    ('41', '25.3%')
    >>> metric_text(Metric.CAC, float("inf")), metric_text(Metric.WIN_RATE, float("nan"))
    ('no deal won', 'no value')
    """
    if not math.isfinite(value):
        return "no deal won" if metric is Metric.CAC else "no value"
    if metric.is_rate:
        return f"{value:.1%}"
    if metric.is_money:
        return f"{'-' if value < 0 else ''}${abs(value):,.0f}"
    return f"{value:,.0f}"


def odds_text(probability: float, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS) -> str:
    """Odds in whole percent, or with one decimal where whole percent would cross a verdict boundary.

    0.497 is a Stretch (below 50%): written "50%" it would sit on the Challenging side of the legend, so it is
    written "49.7%". Rounded down rather than up at a boundary, 0.7996 is "79.9%", never "80.0%".

    >>> odds_text(0.23), odds_text(0.497), odds_text(0.797), odds_text(0.7996), odds_text(0.8)
    ('23%', '49.7%', '79.7%', '79.9%', '80%')
    """
    boundaries = (thresholds.stretch, thresholds.challenging, thresholds.achievable)
    whole = round(probability * 100) / 100
    if any((probability < b) != (whole < b) for b in boundaries):
        tenths = int(probability * 1000) / 1000  # truncated: stays on the verdict's side
        return f"{tenths:.1%}"
    return f"{probability:.0%}"
