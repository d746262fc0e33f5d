"""The weekly review's answers from the open deals' outcomes: pace, forecast categories, coverage, each owner.

The period's total in a trial is what is banked so far plus what the open deals and the funnel's new
opportunities bring (:class:`~simulator.engine.review.ReviewOutcomes`). From it:

* **Pace**: so far, banked / weeks done; needed, (goal - banked) / weeks left; forecast, the rest of the period's
  weekly pace reached in the chosen share of trials (80%: four trials in five do at least that).
* **Forecast categories** as CRMs keep them (Salesforce's Closed, Commit, Best Case, Pipeline), cumulative: Closed
  is the banked figure; Commit adds the open deals whose stage probability is at least :data:`COMMIT_PROBABILITY`,
  Best case those at least :data:`BEST_CASE_PROBABILITY`, Pipeline every open deal closing by the period's end;
  the weighted pipeline is the sum of probability x value. Beside them, the simulated Commit / Most likely /
  Best case: the total reached in 90%, 50% and 10% of trials.
* **Coverage**: the open pipeline closing by the period's end against what is left of the goal, and the coverage
  the simulation says this pipeline needs for the chosen odds from the open deals alone (as the 3x rule of thumb
  counts it): a pipeline of the same mix scaled by ``k`` brings ``k`` times what this one brings in each trial,
  so the odds reach the confidence at ``k = left / Q``, ``Q`` the open deals' figure reached in that share of
  trials, that is a coverage of ``pipeline / Q``.
* **Each owner**: their banked figure plus what their open deals bring, against their share of the goal, over
  the trials: the distribution of each rep's attainment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.targets import level_reached
from simulator.engine.review import ReviewOutcomes
from simulator.model.target import Direction

#: Stage probability from which an open deal is forecast as Commit, and as Best case (Salesforce's usual split).
COMMIT_PROBABILITY, BEST_CASE_PROBABILITY = 0.9, 0.5


@dataclass(frozen=True)
class Pace:
    """Per week: so far, needed for the rest, and forecast for the rest at the chosen confidence."""

    so_far: float
    needed: float
    forecast: float


@dataclass(frozen=True)
class ForecastCategories:
    """Cumulative forecast categories and the weighted pipeline, beside the simulated levels."""

    closed: float
    commit: float
    best_case: float
    pipeline: float
    weighted: float
    simulated_commit: float
    simulated_most_likely: float
    simulated_best_case: float


@dataclass(frozen=True)
class Coverage:
    """The open pipeline against what is left of the goal, and what the simulation says is needed."""

    pipeline: float
    left: float
    coverage: float
    needed: float


def pace(outcomes: ReviewOutcomes, confidence: float = 0.8) -> Pace:
    """Weekly pace so far, needed, and forecast at `confidence` (see the module)."""
    review = outcomes.review
    return Pace(
        so_far=review.banked / review.weeks_done if review.weeks_done else float("nan"),
        needed=max(review.goal - review.banked, 0.0) / review.weeks_left,
        forecast=level_reached(outcomes.rest() / review.weeks_left, confidence, Direction.AT_LEAST),
    )


def forecast_categories(outcomes: ReviewOutcomes) -> ForecastCategories:
    """Closed, Commit, Best case and Pipeline, cumulative, with the weighted pipeline and the simulated levels."""
    review = outcomes.review
    probabilities = np.array(review.pipeline.probabilities())
    open_worth = _open_worth(outcomes)
    totals = outcomes.totals()
    return ForecastCategories(
        closed=review.banked,
        commit=review.banked + float(open_worth[probabilities >= COMMIT_PROBABILITY].sum()),
        best_case=review.banked + float(open_worth[probabilities >= BEST_CASE_PROBABILITY].sum()),
        pipeline=review.banked + float(open_worth.sum()),
        weighted=review.banked + float(open_worth @ probabilities),
        simulated_commit=level_reached(totals, 0.9, Direction.AT_LEAST),
        simulated_most_likely=level_reached(totals, 0.5, Direction.AT_LEAST),
        simulated_best_case=level_reached(totals, 0.1, Direction.AT_LEAST),
    )


def coverage(outcomes: ReviewOutcomes, confidence: float = 0.8) -> Coverage:
    """The open pipeline's coverage of what is left, and the coverage needed for `confidence` from the open deals
    alone, as the rule of thumb counts it (the funnel's new opportunities left out; see the module)."""
    review = outcomes.review
    pipeline = float(_open_worth(outcomes).sum())
    left = max(review.goal - review.banked, 0.0)
    brought = level_reached(outcomes.deals.counted @ outcomes.worth(), confidence, Direction.AT_LEAST)
    return Coverage(
        pipeline=pipeline,
        left=left,
        coverage=pipeline / left if left else float("inf"),
        needed=pipeline / brought if brought > 0 else float("inf"),
    )


def owner_attainment(
    outcomes: ReviewOutcomes, shares: dict[str, float], banked: dict[str, float]
) -> dict[str, np.ndarray]:
    """Each owner's attainment of their share of the goal in every trial: (banked + their open deals) / share.

    Parameters
    ----------
    shares : dict of str to float
        Each owner's share of the goal, in the figure's units (above 0).
    banked : dict of str to float
        What each owner has banked so far (0 when absent).
    """
    brought = outcomes.contributions()
    owners = np.array([deal.owner for deal in outcomes.review.pipeline.deals])
    return {
        owner: (banked.get(owner, 0.0) + brought[:, owners == owner].sum(axis=1)) / share
        for owner, share in shares.items()
    }


def _open_worth(outcomes: ReviewOutcomes) -> np.ndarray:
    """Each open deal's worth when it is expected to close by the period's end, else 0."""
    pipeline = outcomes.review.pipeline
    in_period = np.array([deal.close_day <= pipeline.days_left for deal in pipeline.deals], dtype=bool)
    return np.where(in_period, outcomes.worth(), 0.0)
