"""How a weekly review's answers are worded, on its page and in its brief: amounts in the goal's units, the
chance's precision, the pace, the coverage and what a deal adds to the chance. Light to import: no chart or PDF
library."""

from __future__ import annotations

import math

from simulator.analysis.weekly_review import DealShown, ReviewAnswers
from simulator.model.review import Review


def amount(value: float, figure: str) -> str:
    """A figure in its units, as the review page writes it.

    Examples
    --------
    >>> amount(12.34, "deals"), amount(1, "deals"), amount(33, "deals"), amount(45_600, "revenue")
    ('12.3 deals', '1 deal', '33 deals', '$45,600')
    """
    if figure == "deals":
        return f"{value:,.1f} deals" if value != round(value) else f"{value:,.0f} deal{'' if value == 1 else 's'}"
    return f"${value:,.0f}"


def precision_words(answers: ReviewAnswers, review: Review) -> str:
    """The chance's simulation error: ``"± 1.0 points of simulation error (2,000 trials)"``."""
    return f"± {answers.standard_error * 100:.1f} points of simulation error ({review.pipeline.trials:,} trials)"


def pace_words(answers: ReviewAnswers, review: Review) -> str:
    """The pace so far, needed for the rest and forecast at the answers' confidence (the page adds "Pace:").

    Examples
    --------
    >>> from simulator.analysis.weekly_review import Pace
    >>> from simulator.model.open_deals import Pipeline
    >>> from types import SimpleNamespace
    >>> review = Review(pipeline=Pipeline(deals=(), days_left=14.0), goal=10, banked=4, weeks_done=2)
    >>> pace_words(SimpleNamespace(pace=Pace(2.0, 3.0, 2.5), confidence=0.8), review)
    '2.0 deals a week so far; 3.0 a week needed for the rest; at 80% confidence the forecast is 2.5 a week.'
    """
    pace, figure = answers.pace, review.figure

    def per_week(value: float) -> str:
        return f"{value:,.1f}" if figure == "deals" else f"${value:,.0f}"

    unit = " deals" if figure == "deals" else ""
    so_far = "no week done yet" if math.isnan(pace.so_far) else f"{per_week(pace.so_far)}{unit} a week so far"
    return (
        f"{so_far}; {per_week(pace.needed)} a week needed for the rest; at {answers.confidence:.0%} "
        f"confidence the forecast is {per_week(pace.forecast)} a week."
    )


def coverage_words(answers: ReviewAnswers) -> str:
    """The open pipeline's coverage of what is left, and what this pipeline needs (the page adds "Coverage:").

    Examples
    --------
    >>> from simulator.analysis.weekly_review import Coverage
    >>> from types import SimpleNamespace
    >>> coverage_words(SimpleNamespace(coverage=Coverage(43.0, 14.0, 3.07, 3.31), confidence=0.8))[:60]
    'the open pipeline due by the end is 3.1x of what is left of '
    >>> coverage_words(SimpleNamespace(coverage=Coverage(5.0, 0.0, math.inf, 1.0), confidence=0.8))
    'the goal is already met.'
    """
    cover = answers.coverage
    if cover.left == 0:
        return "the goal is already met."
    needed = "no pipeline of this mix is enough" if math.isinf(cover.needed) else f"{cover.needed:.1f}x"
    return (
        f"the open pipeline due by the end is {cover.coverage:.1f}x of what is left of the goal; "
        f"this pipeline needs {needed} for {answers.confidence:.0%} odds from its open deals alone "
        "(the usual rule of thumb says 3x)."
    )


def deal_change(deal: DealShown) -> str:
    """What a deal adds to the chance: ``"+11.5 ± 0.7 points"``."""
    return f"+{deal.odds_change * 100:.1f} ± {deal.standard_error * 100:.1f} points"
