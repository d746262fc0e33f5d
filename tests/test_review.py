"""A review's rest of the period with the funnel: the new opportunities' deals by the deadline against theory.

With known rates, no capacity cap and no sales cycle, a month's won deals are Poisson(lambda), lambda = traffic x
visit-to-lead x lead-to-qualified x win rate; the deals of the whole months left and the thinned deals of the
partial month (each with the share of the month before the deadline) are then Poisson(lambda x months left).
"""

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from simulator import InputError, Range, Scenario, Target
from simulator.engine.review import simulate_review
from simulator.model.distributions import amount_mean
from simulator.model.open_deals import OpenDeal, Pipeline
from simulator.model.review import DAYS_PER_MONTH, Review
from tests.test_engine_theory import assert_cdf_matches, assert_mean_matches

FUNNEL = Scenario(
    traffic=Range.known(2000.0),
    visit_to_lead=Range.known(0.05),
    lead_to_qualified=Range.known(0.3),
    win_rate=Range.known(0.25),
    deal_size=Range(4000.0, 16_000.0),
    open_pipeline=25,  # left out: the open deals are the pipeline now
    target=Target(value=1, deadline_month=3),
)
PER_MONTH = 2000 * 0.05 * 0.3 * 0.25  # 7.5 won deals a month
DAYS = 45.0


def review(figure: str = "deals", deals=(), seed: int = 0, **changes) -> Review:
    pipeline = Pipeline(deals=deals, days_left=DAYS, trials=40_000, seed=seed)
    return Review(pipeline=pipeline, figure=figure, **({"goal": 10, "funnel": FUNNEL} | changes))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_deals_by_the_deadline_are_poisson_over_the_months_left(seed):
    new = simulate_review(review(seed=seed)).new
    mean = PER_MONTH * DAYS / DAYS_PER_MONTH
    assert_mean_matches(new, mean, mean)
    assert_cdf_matches(new, lambda k: stats.poisson.cdf(k, mean), stats.poisson.ppf([0.05, 0.5, 0.95], mean))


def test_new_revenue_has_the_mean_of_deals_times_the_mean_deal():
    new = simulate_review(review("revenue", seed=5)).new
    deals_mean = PER_MONTH * DAYS / DAYS_PER_MONTH
    exact = deals_mean * amount_mean(FUNNEL.deal_size)
    assert abs(new.mean() - exact) <= 4 * new.std(ddof=1) / np.sqrt(new.size)


def test_the_total_is_banked_plus_the_open_deals_plus_the_new():
    deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=5000.0, close_day=10.0)
    outcomes = simulate_review(review("revenue", deals=(deal,), banked=70_000.0))
    np.testing.assert_allclose(outcomes.totals(), 70_000.0 + outcomes.deals.counted[:, 0] * 5000.0 + outcomes.new)
    np.testing.assert_array_equal(simulate_review(outcomes.review).totals(), outcomes.totals())  # reproduced


def test_without_a_funnel_only_the_open_deals_count():
    outcomes = simulate_review(replace(review(), funnel=None))
    assert not outcomes.new.any()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"figure": "profit"}, "figure"),
        ({"goal": -1.0}, "goal"),
        ({"banked": float("nan")}, "banked"),
        ({"weeks_done": -2.0}, "weeks_done"),
    ],
)
def test_bad_review_inputs_name_the_field(changes, field):
    with pytest.raises(InputError) as caught:
        review(**changes)
    assert caught.value.field == field


def test_a_subscription_funnel_is_refused_in_plain_words():
    subscription = replace(FUNNEL, revenue_mode="subscription")
    with pytest.raises(InputError) as caught:
        simulate_review(review(funnel=subscription))
    assert caught.value.field == "funnel"


def test_the_running_total_by_each_week_end_is_the_review_ended_that_day():
    deals = tuple(
        OpenDeal(deal_id=f"D{i}", stage="Proposal/Price Quote", amount=1000.0 * (i + 1), close_day=4.0 * i)
        for i in range(12)
    )
    pipeline = Pipeline(deals=deals, days_left=DAYS, slip_share=Range(0.1, 0.4), trials=5_000, seed=3)
    outcomes = simulate_review(Review(pipeline=pipeline, figure="revenue", goal=1.0, banked=500.0))
    by_day = outcomes.totals_by_day()
    days = outcomes.review.week_ends()
    assert days == (0.0, 7.0, 14.0, 21.0, 28.0, 35.0, 42.0, DAYS)
    for column, day in enumerate(days):
        ended = Review(pipeline=replace(pipeline, days_left=day), figure="revenue", goal=1.0, banked=500.0)
        np.testing.assert_array_equal(by_day[:, column], simulate_review(ended).totals())


@pytest.mark.parametrize("figure", ["deals", "revenue"])
def test_the_funnels_new_deals_by_each_week_end_are_poisson_and_never_fall(figure):
    outcomes = simulate_review(review(figure, seed=7))
    by_day = outcomes.new_by_day
    assert np.all(np.diff(by_day, axis=1) >= -1e-9 * by_day.max())  # rounding of value x deals / deals only
    np.testing.assert_array_equal(by_day[:, -1], outcomes.new)
    per_deal = 1.0 if figure == "deals" else amount_mean(FUNNEL.deal_size)
    for column, day in enumerate(outcomes.review.week_ends()):
        mean = PER_MONTH * day / DAYS_PER_MONTH
        if figure == "deals":
            assert_mean_matches(by_day[:, column], mean, mean)
            if mean > 0:
                quantiles = stats.poisson.ppf([0.05, 0.5, 0.95], mean)
                assert_cdf_matches(by_day[:, column], lambda k, m=mean: stats.poisson.cdf(k, m), quantiles)
        else:
            values = by_day[:, column]
            assert abs(values.mean() - mean * per_deal) <= 4 * max(values.std(ddof=1), 1e-9) / np.sqrt(values.size)
