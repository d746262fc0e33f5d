"""A review's rest of the period in every trial: the open deals' outcomes and what the funnel still brings, by
the deadline and by each of the review's week ends (:meth:`~simulator.model.review.Review.week_ends`).

The open deals are drawn by :func:`~simulator.engine.open_deals.simulate_open_deals`. The funnel runs from the
review on for the whole months left and one more when part of a month is left, without its open pipeline. By a
given day its won deals of the whole months before it count, and each won deal of the month it falls in counts
with the share of that month gone by (a binomial thinning at one score per trial and month, so the running total
never falls: deals taken to close evenly across the month), its revenue with the thinned deals' share of the
month's revenue (the month's mean deal value each: the mean is exact, the spread of which deals close first is
not drawn). Every day is read from the same draws, once. Both parts come from streams spawned from the
pipeline's seed, so a review is reproduced by its inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from simulator.engine.counts import binomial_quantile
from simulator.engine.funnel import simulate
from simulator.engine.open_deals import DealOutcomes, simulate_open_deals
from simulator.i18n import _
from simulator.model.checks import InputError
from simulator.model.review import DAYS_PER_MONTH, Review
from simulator.model.subscription import RevenueMode
from simulator.model.target import Target


@dataclass(frozen=True, eq=False)
class ReviewOutcomes:
    """The rest of the period, trial by trial.

    Attributes
    ----------
    review : Review
        The inputs.
    deals : DealOutcomes
        Each open deal's outcome.
    new : ndarray of float64, shape ``(trials,)``
        What the funnel's new opportunities bring by the deadline (won deals or revenue).
    new_by_day : ndarray of float64, shape ``(trials, len(review.week_ends()))``
        What they bring by each of the review's week ends (the last column is `new`).
    """

    review: Review
    deals: DealOutcomes
    new: np.ndarray
    new_by_day: np.ndarray

    def worth(self) -> np.ndarray:
        """What each open deal adds to the figure when it counts: its amount, or 1 deal."""
        if self.review.figure == "revenue":
            return np.array([deal.amount for deal in self.review.pipeline.deals], dtype=np.float64)
        return np.ones(len(self.review.pipeline.deals))

    # Kept once computed: every answer of a review reads them, and each is a pass over trials x deals.
    @cached_property
    def contributions(self) -> np.ndarray:
        """Each open deal's part of the figure in each trial, shape ``(trials, deals)`` (read-only)."""
        parts = self.deals.counted * self.worth()
        parts.flags.writeable = False
        return parts

    @cached_property
    def open_deals_figure(self) -> np.ndarray:
        """What the open deals bring in each trial (read-only)."""
        brought = self.deals.counted @ self.worth()
        brought.flags.writeable = False
        return brought

    def rest(self) -> np.ndarray:
        """What the rest of the period brings in each trial: the open deals and the new opportunities."""
        return self.open_deals_figure + self.new

    def totals(self) -> np.ndarray:
        """The period's total in each trial: banked plus the rest."""
        return self.review.banked + self.rest()

    def totals_by_day(self) -> np.ndarray:
        """The period's running total in each trial by each of the review's week ends, shape
        ``(trials, len(review.week_ends()))``."""
        trials, days = self.new_by_day.shape
        # Each won deal's worth lands in the column of the day it has closed by (lost ones in a column past the
        # last), then the columns add up: one pass over the deals, however many days.
        slots = self.deals.closed_by + np.arange(trials)[:, None] * (days + 1)
        worth = np.broadcast_to(self.worth(), slots.shape)
        landed = np.bincount(slots.ravel(), weights=worth.ravel(), minlength=trials * (days + 1))
        by_day = np.cumsum(landed.reshape(trials, days + 1)[:, :days], axis=1)
        return self.review.banked + by_day + self.new_by_day


def simulate_review(review: Review) -> ReviewOutcomes:
    """Draw the rest of the period (see the module).

    Raises
    ------
    InputError
        When the funnel is in subscription mode (its revenue is MRR, not the deals' value), or beyond the work
        budget.

    Examples
    --------
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=10_000.0, close_day=5.0)
    >>> review = Review(pipeline=Pipeline(deals=(deal,), trials=1000), goal=1, banked=0)
    >>> bool(0.8 < simulate_review(review).totals().mean() < 1.0)
    True
    """
    pipeline = review.pipeline
    days = review.week_ends()
    deals_seed, funnel_seed = np.random.SeedSequence(pipeline.seed).spawn(2)
    deals = simulate_open_deals(pipeline, rng=np.random.default_rng(deals_seed), days=days)
    new_by_day = np.zeros((pipeline.trials, len(days)))
    if review.funnel is not None and review.months_left > 0:
        new_by_day = _new_by_days(review, days, np.random.default_rng(funnel_seed))
    return ReviewOutcomes(review, deals, new_by_day[:, -1].copy(), new_by_day)


def _new_by_days(review: Review, days: tuple[float, ...], rng: np.random.Generator) -> np.ndarray:
    """What the funnel brings by each of `days` (see the module), shape ``(trials, len(days))``."""
    funnel = review.funnel
    if funnel.revenue_mode is RevenueMode.SUBSCRIPTION:
        raise InputError(
            "funnel", funnel.name, _("a funnel of one-off deals (a review counts deals and their value)")
        )
    months = math.ceil(review.months_left)
    ahead = funnel.with_horizon(
        months,
        open_pipeline=0,
        trials=review.pipeline.trials,
        target=Target(value=0, deadline_month=months),
    )
    result = simulate(ahead, rng=rng)
    monthly = result.deals if review.figure == "deals" else result.revenue
    before = np.zeros((monthly.shape[0], months + 1))
    before[:, 1:] = np.cumsum(monthly, axis=1, dtype=np.float64)  # the whole months before each month
    scores = rng.standard_normal((monthly.shape[0], months))
    by_day = np.empty((monthly.shape[0], len(days)))
    for column, day in enumerate(days):
        whole = min(math.floor(day / DAYS_PER_MONTH), months)
        share = day / DAYS_PER_MONTH - whole  # of the month the day falls in
        by_day[:, column] = before[:, whole]
        if share > 0 and whole < months:
            deals = result.deals[:, whole]
            closing = binomial_quantile(scores[:, whole], deals, np.full(deals.size, share))
            if review.figure == "deals":
                by_day[:, column] += closing
            else:
                value = monthly[:, whole]
                by_day[:, column] += np.divide(closing * value, deals, out=np.zeros(deals.size), where=deals > 0)
    return by_day
