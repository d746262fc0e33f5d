"""The weekly review's answers from the open deals' outcomes: pace, forecast categories, coverage, each owner.

The period's total in a trial is what is banked so far plus what the open deals and the funnel's new
opportunities bring (:class:`~simulator.engine.review.ReviewOutcomes`). From it:

* **Pace**: so far, banked / weeks done; needed, (goal - banked) / weeks left; forecast, the rest of the period's
  weekly pace reached in the chosen share of trials (80%: four trials in five do at least that).
* **Forecast categories** as CRMs keep them (Salesforce's Closed, Commit, Best Case, Pipeline), cumulative: Closed
  is the banked figure; Commit adds the open deals whose stage probability is at least :data:`COMMIT_PROBABILITY`,
  Best case those at least :data:`BEST_CASE_PROBABILITY`, Pipeline every open deal closing by the period's end;
  the weighted pipeline is the sum of probability x value. The probability is the CRM's own: Salesforce's
  default for its stages (so Negotiation/Review is Commit, as Salesforce maps it, even when the team's history
  wins 82% there), the review's for any other stage. Beside them, the simulated Commit / Most likely / Best
  case: the total reached in 90%, 50% and 10% of trials, on the review's own probabilities.
* **Coverage**: the open pipeline closing by the period's end against what is left of the goal, and the coverage
  the simulation says this pipeline needs for the chosen odds from the open deals alone (as the 3x rule of thumb
  counts it): a pipeline of the same mix scaled by ``k`` brings ``k`` times what this one brings in each trial,
  so the odds reach the confidence at ``k = left / Q``, ``Q`` the open deals' figure reached in that share of
  trials, that is a coverage of ``pipeline / Q``.
* **Each owner**: their banked figure plus what their open deals bring, against their share of the goal, over
  the trials: the distribution of each rep's attainment.

:func:`review_answers` gathers them all, with the odds of the goal, the deals that matter most and the fan of the
period's total week by week (:func:`progress_fan`), into one small value a page can cache and draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.deals_that_matter import deals_that_matter
from simulator.analysis.statistics import percentiles, proportion_standard_error
from simulator.analysis.targets import Verdict, level_reached, verdict_for
from simulator.engine.review import ReviewOutcomes
from simulator.model.open_deals import DEFAULT_STAGES
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
    crm = dict(DEFAULT_STAGES)
    probabilities = np.array(
        [
            crm.get(deal.stage, p)
            for deal, p in zip(review.pipeline.deals, review.pipeline.probabilities(), strict=True)
        ]
    )
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
    brought = level_reached(outcomes.open_deals_figure, confidence, Direction.AT_LEAST)
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
    brought = outcomes.contributions
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


#: Open deals shown as the deals that matter.
TOP_DEALS = 10


@dataclass(frozen=True)
class DealShown:
    """One of the deals that matter, as a page lists it: the odds with it minus without it, and its error."""

    deal_id: str
    name: str
    owner: str
    stage: str
    amount: float
    odds_change: float
    standard_error: float


@dataclass(frozen=True)
class ReviewAnswers:
    """Everything a weekly review shows, small: no trial arrays.

    Attributes
    ----------
    odds, standard_error : float
        The share of trials whose period total reaches the goal, and its Monte Carlo standard error.
    verdict : Verdict
    confidence : float
        The confidence of the pace forecast and of the coverage needed.
    pace : Pace
    categories : ForecastCategories
    coverage : Coverage
    deals : tuple of DealShown
        The :data:`TOP_DEALS` open deals that move the odds most, largest first.
    owners : tuple of (str, float, float, float)
        Each owner and the P10, P50, P90 of their attainment (1.0 is their share of the goal, met).
    fan : tuple of (float, float, float, float)
        Days after the review (each week's end, and the period's end) and the P10, P50, P90 of the period's
        total by then.
    """

    odds: float
    standard_error: float
    verdict: Verdict
    confidence: float
    pace: Pace
    categories: ForecastCategories
    coverage: Coverage
    deals: tuple[DealShown, ...]
    owners: tuple[tuple[str, float, float, float], ...]
    fan: tuple[tuple[float, float, float, float], ...]


def review_answers(
    outcomes: ReviewOutcomes,
    confidence: float = 0.8,
    shares: dict[str, float] | None = None,
    owner_banked: dict[str, float] | None = None,
) -> ReviewAnswers:
    """The weekly review's answers (see :class:`ReviewAnswers`).

    Parameters
    ----------
    outcomes : ReviewOutcomes
    confidence : float
        Of the pace forecast and the coverage needed, 0 to 1.
    shares : dict of str to float, optional
        Each owner's share of the goal, in the figure's units; by default the goal split evenly among the
        owners of the open deals.
    owner_banked : dict of str to float, optional
        What each owner has banked so far (0 when absent).

    Examples
    --------
    >>> from simulator.engine.review import simulate_review
    >>> from simulator.model.distributions import Range
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> from simulator.model.review import Review
    >>> deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=10_000.0, close_day=5.0, owner="Ana")
    >>> pipeline = Pipeline(deals=(deal,), days_left=14.0, slip_share=Range.known(0.0), trials=2000, seed=42)
    >>> answers = review_answers(simulate_review(Review(pipeline=pipeline, goal=3, banked=2, weeks_done=4)))
    >>> round(answers.odds, 1), answers.verdict.value, answers.deals[0].deal_id
    (0.9, 'Achievable', 'A')
    """
    review = outcomes.review
    hit = outcomes.totals() >= review.goal
    odds = float(hit.mean())
    if shares is None:
        owners = sorted({deal.owner for deal in review.pipeline.deals})
        shares = {owner: review.goal / len(owners) for owner in owners} if review.goal > 0 else {}
    attainment = owner_attainment(outcomes, shares, owner_banked or {})
    return ReviewAnswers(
        odds=odds,
        standard_error=proportion_standard_error(odds, hit.size),
        verdict=verdict_for(odds),
        confidence=confidence,
        pace=pace(outcomes, confidence),
        categories=forecast_categories(outcomes),
        coverage=coverage(outcomes, confidence),
        deals=_top_deals(outcomes),
        owners=tuple((owner, *percentiles(values)) for owner, values in attainment.items()),
        fan=progress_fan(outcomes),
    )


def progress_fan(outcomes: ReviewOutcomes) -> tuple[tuple[float, float, float, float], ...]:
    """The P10, P50, P90 of the period's total at each week's end after the review and at the period's end.

    Each point is read from the same trials as the deadline (each deal's close day and the funnel's months are
    drawn once), so the fan is the model's own answer at every point, not a line drawn between the review and
    the end.

    Examples
    --------
    >>> from simulator.engine.review import simulate_review
    >>> from simulator.model.distributions import Range
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> from simulator.model.review import Review
    >>> deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=1.0, close_day=20.0)
    >>> pipeline = Pipeline(deals=(deal,), days_left=21.0, slip_share=Range.known(0.0), trials=1000)
    >>> outcomes = simulate_review(Review(pipeline=pipeline, goal=1))
    >>> [(day, p50) for day, _, p50, _ in progress_fan(outcomes)]
    [(0.0, 0.0), (7.0, 0.0), (14.0, 0.0), (21.0, 1.0)]
    """
    by_day = outcomes.totals_by_day()
    days = outcomes.review.week_ends()
    return tuple((day, *percentiles(by_day[:, column])) for column, day in enumerate(days))


def _top_deals(outcomes: ReviewOutcomes) -> tuple[DealShown, ...]:
    by_id = {deal.deal_id: deal for deal in outcomes.review.pipeline.deals}
    return tuple(
        DealShown(
            deal_id=effect.deal_id,
            name=by_id[effect.deal_id].name,
            owner=effect.owner,
            stage=by_id[effect.deal_id].stage,
            amount=by_id[effect.deal_id].amount,
            odds_change=effect.odds_change,
            standard_error=effect.standard_error,
        )
        for effect in deals_that_matter(outcomes)[:TOP_DEALS]
    )
