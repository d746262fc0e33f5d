"""How a weekly review's answers are worded, on its page and in its brief: amounts in the goal's units, the
chance's precision, the pace, the coverage and what a deal adds to the chance. Light to import: no chart or PDF
library."""

from __future__ import annotations

import math

from simulator.analysis.weekly_review import DealShown, ReviewAnswers
from simulator.i18n import _, currency_symbol, isolated, money_text, ngettext, number_text, percent_text
from simulator.model.review import Review


def amount(value: float, figure: str) -> str:
    """A figure in its units, as the review page writes it.

    Examples
    --------
    >>> amount(12.34, "deals"), amount(1, "deals"), amount(33, "deals"), amount(45_600, "revenue")
    ('12.3 deals', '1 deal', '33 deals', '$45,600')
    """
    if figure == "deals":
        if value != round(value):
            # TRANSLATORS: a number of deals with a decimal, e.g. "12.3 deals" (an average over trials)
            return _("{deals} deals").format(deals=number_text(value, 1))
        return ngettext("{deals} deal", "{deals} deals", round(value)).format(deals=number_text(value))
    return money_text(value)


def progress_titles(figure: str) -> tuple[str, str]:
    """The progress chart's title and its vertical axis's, for a goal of deals or of revenue (``figure``)."""
    if figure == "deals":
        return _("Progress to the goal: deals won since the period began"), _("Total deals")
    currency = currency_symbol()
    return (
        _("Progress to the goal: revenue ({currency}) won since the period began").format(currency=currency),
        _("Total revenue ({currency})").format(currency=currency),
    )


def precision_words(answers: ReviewAnswers, review: Review) -> str:
    """The chance's simulation error: ``"± 1.0 points of simulation error (2,000 trials)"``."""
    trials = review.pipeline.trials
    return ngettext(
        "± {error} points of simulation error ({trials} trial)",
        "± {error} points of simulation error ({trials} trials)",
        trials,
    ).format(error=number_text(answers.standard_error * 100, 1), trials=number_text(trials))


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

    deals = figure == "deals"

    def per_week(value: float) -> str:
        return number_text(value, 1) if deals else money_text(value)

    if math.isnan(pace.so_far):
        so_far = _("no week done yet")
    elif deals:
        so_far = _("{deals} deals a week so far").format(deals=per_week(pace.so_far))
    else:
        so_far = _("{amount} a week so far").format(amount=per_week(pace.so_far))
    return _(
        "{so_far}; {needed} a week needed for the rest; at {confidence} confidence the forecast is "
        "{forecast} a week."
    ).format(
        so_far=so_far,
        needed=per_week(pace.needed),
        confidence=percent_text(answers.confidence),
        forecast=per_week(pace.forecast),
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
        return _("the goal is already met.")
    if math.isinf(cover.needed):
        needed = _("no pipeline of this mix is enough")
    else:
        # TRANSLATORS: a coverage, e.g. "3.1x" (the pipeline is 3.1 times what is left of the goal)
        needed = _("{ratio}x").format(ratio=number_text(cover.needed, 1))
    return _(
        "the open pipeline due by the end is {coverage} of what is left of the goal; this pipeline needs {needed} "
        "for {confidence} odds from its open deals alone (the usual rule of thumb says 3x)."
    ).format(
        coverage=_("{ratio}x").format(ratio=number_text(cover.coverage, 1)),
        needed=needed,
        confidence=percent_text(answers.confidence),
    )


def deal_change(deal: DealShown) -> str:
    """What a deal adds to the chance: ``"+11.5 ± 0.7 points"``."""
    # Always signed, "+0.0" too: a deal never lowers the chance. One isolate around the sign and the number.
    change = isolated("+" + number_text(deal.odds_change * 100, 1).strip("\u2066\u2069"))
    return _("{change} ± {error} points").format(change=change, error=number_text(deal.standard_error * 100, 1))
