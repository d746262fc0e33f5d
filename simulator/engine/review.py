"""A review's rest of the period in every trial: the open deals' outcomes and what the funnel still brings.

The open deals are drawn by :func:`~simulator.engine.open_deals.simulate_open_deals`. The funnel runs from the
review on for the whole months left and one more when part of a month is left, without its open pipeline; its
won deals of the whole months count, and each won deal of the partial month counts with the share of that month
before the deadline (a binomial thinning at scores of its own: deals taken to close evenly across the month),
its revenue with the thinned deals' share of the month's revenue (the month's mean deal value each: the mean is
exact, the spread of which deals close first is not drawn). Both parts come from streams spawned from the
pipeline's seed, so a review is reproduced by its inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.engine.counts import binomial_quantile
from simulator.engine.funnel import simulate
from simulator.engine.open_deals import DealOutcomes, simulate_open_deals
from simulator.model.checks import InputError
from simulator.model.review import Review
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
    """

    review: Review
    deals: DealOutcomes
    new: np.ndarray

    def worth(self) -> np.ndarray:
        """What each open deal adds to the figure when it counts: its amount, or 1 deal."""
        if self.review.figure == "revenue":
            return np.array([deal.amount for deal in self.review.pipeline.deals], dtype=np.float64)
        return np.ones(len(self.review.pipeline.deals))

    def contributions(self) -> np.ndarray:
        """Each open deal's part of the figure in each trial, shape ``(trials, deals)``."""
        return self.deals.counted * self.worth()

    def rest(self) -> np.ndarray:
        """What the rest of the period brings in each trial: the open deals and the new opportunities."""
        return self.deals.counted @ self.worth() + self.new

    def totals(self) -> np.ndarray:
        """The period's total in each trial: banked plus the rest."""
        return self.review.banked + self.rest()


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
    deals_seed, funnel_seed = np.random.SeedSequence(pipeline.seed).spawn(2)
    deals = simulate_open_deals(pipeline, rng=np.random.default_rng(deals_seed))
    new = np.zeros(pipeline.trials)
    if review.funnel is not None and review.months_left > 0:
        new = _new_by_deadline(review, np.random.default_rng(funnel_seed))
    return ReviewOutcomes(review, deals, new)


def _new_by_deadline(review: Review, rng: np.random.Generator) -> np.ndarray:
    funnel = review.funnel
    if funnel.revenue_mode is RevenueMode.SUBSCRIPTION:
        raise InputError(
            "funnel", funnel.name, "a funnel of one-off deals (a review counts deals and their value)"
        )
    whole = math.floor(review.months_left)
    share = review.months_left - whole  # of the last month, before the deadline
    months = whole + (1 if share > 0 else 0)
    ahead = funnel.with_horizon(
        months,
        open_pipeline=0,
        trials=review.pipeline.trials,
        target=Target(value=0, deadline_month=months),
    )
    result = simulate(ahead, rng=rng)
    monthly = result.deals if review.figure == "deals" else result.revenue
    counted = monthly[:, :whole].sum(axis=1, dtype=np.float64)
    if share > 0:
        last = result.deals[:, -1]
        closing = binomial_quantile(rng.standard_normal(last.size), last, np.full(last.size, share))
        if review.figure == "deals":
            counted += closing
        else:
            counted += np.divide(closing * monthly[:, -1], last, out=np.zeros(last.size), where=last > 0)
    return counted
