"""The open deals ranked by how much each moves the odds of the period's goal, on common random numbers.

Each trial's total is what is banked already plus what the open deals and the funnel's new opportunities bring
(:class:`~simulator.engine.review.ReviewOutcomes`). Taking deal ``j`` out of a trial takes out its own
contribution and nothing else (its luck is its own:
:mod:`simulator.engine.open_deals`), so the odds without it are read from the same trials, for every deal at
once, with no run repeated; the difference in odds has the paired standard error of the trial-by-trial
differences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.engine.review import ReviewOutcomes


@dataclass(frozen=True)
class DealEffect:
    """How much one open deal carries the goal.

    Attributes
    ----------
    deal_id, owner : str
    odds_change : float
        The odds with the deal minus the odds without it (a share: 0.05 is five points).
    standard_error : float
        Its paired standard error.
    """

    deal_id: str
    owner: str
    odds_change: float
    standard_error: float


def deals_that_matter(outcomes: ReviewOutcomes) -> list[DealEffect]:
    """Every open deal's effect on the odds of the review's goal, largest first.

    Examples
    --------
    >>> from simulator.engine.review import simulate_review
    >>> from simulator.model.distributions import Range
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> from simulator.model.review import Review
    >>> deals = tuple(OpenDeal(deal_id=n, stage="Negotiation/Review", amount=a, close_day=10.0)
    ...               for n, a in (("Big", 90_000.0), ("Small", 5_000.0)))
    >>> pipeline = Pipeline(deals=deals, slip_share=Range.known(0.0), trials=2000)
    >>> review = Review(pipeline=pipeline, figure="revenue", goal=90_000)
    >>> [e.deal_id for e in deals_that_matter(simulate_review(review))]
    ['Big', 'Small']
    """
    total, goal = outcomes.totals(), outcomes.review.goal
    hit = total >= goal
    # With a deal, minus without it, trial by trial: 1 where the deal alone makes the goal.
    carried = hit[:, None] & ((total[:, None] - outcomes.contributions) < goal)
    change = carried.mean(axis=0)
    spread = carried.std(axis=0, ddof=1) if carried.shape[0] > 1 else np.zeros(carried.shape[1])
    deals = outcomes.review.pipeline.deals
    effects = [
        DealEffect(deal.deal_id, deal.owner, float(c), float(s / math.sqrt(carried.shape[0])))
        for deal, c, s in zip(deals, change, spread, strict=True)
    ]
    return sorted(effects, key=lambda effect: effect.odds_change, reverse=True)
