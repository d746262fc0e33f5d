"""The open deals ranked by how much each moves the odds of the period's goal, on common random numbers.

Each trial's total is what is banked already plus what the open deals bring (won deals, or their amounts).
Taking deal ``j`` out of a trial takes out its own contribution and nothing else (its luck is its own:
:mod:`simulator.engine.open_deals`), so the odds without it are read from the same trials, for every deal at
once, with no run repeated; the difference in odds has the paired standard error of the trial-by-trial
differences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.engine.open_deals import DealOutcomes

#: What a review goal counts: won deals, or their amounts.
FIGURES = ("deals", "revenue")


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


def goal_totals(outcomes: DealOutcomes, figure: str, banked: float = 0.0) -> np.ndarray:
    """Each trial's total for the period: `banked` plus the open deals' won deals or revenue."""
    if figure not in FIGURES:
        raise ValueError(f"figure must be one of {FIGURES}")
    return banked + (outcomes.deals_won() if figure == "deals" else outcomes.revenue())


def deals_that_matter(
    outcomes: DealOutcomes, figure: str, threshold: float, banked: float = 0.0
) -> list[DealEffect]:
    """Every open deal's effect on the odds of reaching `threshold`, largest first.

    Examples
    --------
    >>> from simulator.engine.open_deals import simulate_open_deals
    >>> from simulator.model.distributions import Range
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> deals = tuple(OpenDeal(deal_id=n, stage="Negotiation/Review", amount=a, close_day=10.0)
    ...               for n, a in (("Big", 90_000.0), ("Small", 5_000.0)))
    >>> pipeline = Pipeline(deals=deals, slip_share=Range.known(0.0), trials=2000)
    >>> [e.deal_id for e in deals_that_matter(simulate_open_deals(pipeline, rng=42), "revenue", 90_000)]
    ['Big', 'Small']
    """
    total = goal_totals(outcomes, figure, banked)
    amounts = np.array([deal.amount for deal in outcomes.pipeline.deals]) if figure == "revenue" else 1.0
    contribution = outcomes.counted * amounts
    hit = total >= threshold
    # With a deal, minus without it, trial by trial: 1 where the deal alone makes the goal.
    carried = hit[:, None] & ((total[:, None] - contribution) < threshold)
    change = carried.mean(axis=0)
    spread = carried.std(axis=0, ddof=1) if carried.shape[0] > 1 else np.zeros(carried.shape[1])
    effects = [
        DealEffect(deal.deal_id, deal.owner, float(c), float(s / math.sqrt(carried.shape[0])))
        for deal, c, s in zip(outcomes.pipeline.deals, change, spread, strict=True)
    ]
    return sorted(effects, key=lambda effect: effect.odds_change, reverse=True)
