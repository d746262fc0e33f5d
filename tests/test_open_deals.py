"""Open deals against exact answers: won deals are Poisson-binomial, revenue's mean the sum of probability x
amount, each deal's luck its own, and "deals that matter" the exact difference in odds with and without each deal.

Given the trial's slip share s, deal i counts for the period with probability
q_i = p_i ((1 - s) + s (1 - exp(-(L - d_i) / D))), independently of the others, so with a known share the count is
Poisson-binomial: its pmf is the convolution of the deals' Bernoulli pmfs.
"""

from dataclasses import replace

import numpy as np
import pytest

from simulator.analysis.deals_that_matter import deals_that_matter
from simulator.engine.open_deals import simulate_open_deals
from simulator.engine.review import simulate_review
from simulator.model.checks import InputError
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES, OpenDeal, Pipeline
from simulator.model.review import Review
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.test_engine_theory import assert_cdf_matches, assert_mean_matches

STAGE_NAMES = [name for name, _ in DEFAULT_STAGES]
DEALS = tuple(
    OpenDeal(
        deal_id=f"D{i}",
        stage=STAGE_NAMES[i % len(STAGE_NAMES)],
        amount=1000.0 * (1 + i % 7),
        close_day=float(3 * i % 80),
        owner=("Ana", "Ben", "Chen")[i % 3],
    )
    for i in range(40)
)
SEEDS = [1, 77, 2026]


def pipeline(share: float = 0.0, **changes) -> Pipeline:
    return Pipeline(deals=DEALS, slip_share=Range.known(share), days_left=60.0, trials=40_000, **changes)


def counted_probabilities(p: Pipeline) -> np.ndarray:
    s = p.slip_share.low
    days = np.array([d.close_day for d in p.deals])
    in_time = np.where(days <= p.days_left, 1.0, 0.0)
    slipped_in_time = np.clip(1 - np.exp(-(p.days_left - days) / p.mean_slip_days), 0, None)
    return np.array(p.probabilities()) * ((1 - s) * in_time + s * slipped_in_time)


def poisson_binomial_pmf(q: np.ndarray) -> np.ndarray:
    pmf = np.array([1.0])
    for p in q:
        pmf = np.convolve(pmf, [1 - p, p])
    return pmf


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("share", [0.0, 0.3])
def test_won_deals_are_poisson_binomial(seed, share):
    p = pipeline(share)
    won = simulate_open_deals(p, rng=seed).deals_won()
    q = counted_probabilities(p)
    cdf = np.cumsum(poisson_binomial_pmf(q))
    assert_mean_matches(won, q.sum(), float((q * (1 - q)).sum()))
    points = [int(np.searchsorted(cdf, level)) for level in (0.05, 0.25, 0.5, 0.75, 0.95)]
    assert_cdf_matches(won, lambda k: cdf[int(k)], points)


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_revenue_is_the_sum_of_probability_times_amount(seed):
    p = pipeline(0.2)
    revenue = simulate_open_deals(p, rng=seed).revenue()
    q, amounts = counted_probabilities(p), np.array([d.amount for d in DEALS])
    assert_mean_matches(revenue, float(q @ amounts), float((q * (1 - q)) @ amounts**2))


def test_a_slip_share_drawn_from_a_range_mixes_the_counts():
    p = replace(pipeline(), slip_share=Range(0.1, 0.5), trials=20_000)
    outcomes = simulate_open_deals(p, rng=3)
    assert np.quantile(outcomes.slip_share, 0.05) == pytest.approx(0.1, abs=0.01)
    assert np.quantile(outcomes.slip_share, 0.95) == pytest.approx(0.5, abs=0.015)


def test_a_deals_luck_is_its_own():
    full = simulate_open_deals(pipeline(0.3), rng=5)
    fewer = simulate_open_deals(replace(pipeline(0.3), deals=DEALS[::-1][1:]), rng=5)  # reversed, one dropped
    kept = [DEALS.index(deal) for deal in DEALS[::-1][1:]]
    np.testing.assert_array_equal(fewer.counted, full.counted[:, kept])


def test_more_slippage_never_adds_a_deal_to_the_period():
    less = simulate_open_deals(pipeline(0.1), rng=9).counted
    more = simulate_open_deals(pipeline(0.4), rng=9).counted
    assert (more <= less).all()


def test_deals_that_matter_are_the_exact_differences_in_odds():
    small = replace(pipeline(0.0), deals=DEALS[:12], trials=40_000)
    threshold = 4
    outcomes = simulate_review(Review(pipeline=small, goal=threshold))
    q = counted_probabilities(small)

    def odds(probabilities):
        return float(poisson_binomial_pmf(probabilities)[threshold:].sum())

    with_all = odds(q)
    for effect in deals_that_matter(outcomes):
        j = [d.deal_id for d in small.deals].index(effect.deal_id)
        exact = with_all - odds(np.delete(q, j))
        # A deal pivotal in no trial has a standard error of 0: then the exact change must be below 1e-3 x Z, a
        # change that 40,000 trials would have seen pivotal about 160 times.
        assert abs(effect.odds_change - exact) <= Z_TOLERANCE * max(effect.standard_error, 1e-3), effect
    hit = np.mean(outcomes.totals() >= threshold)
    assert abs(hit - with_all) <= Z_TOLERANCE * proportion_se(with_all, small.trials)


def deal(**changes):
    values = {"deal_id": "X", "stage": "Prospecting", "amount": 100.0, "close_day": 5.0} | changes
    return OpenDeal(**values)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: deal(amount=-1.0), "deals.X.amount"),
        (lambda: deal(amount=float("nan")), "deals.X.amount"),
        (lambda: deal(close_day=-3.0), "deals.X.close_date"),
        (lambda: deal(deal_id="  "), "deal_id"),
        (lambda: Pipeline(deals=(deal(), deal())), "deals.X"),
        (lambda: Pipeline(deals=(deal(stage="Won?"),)), "deals.X.stage"),
        (lambda: Pipeline(deals=(), stages=(("A", 1.2),)), "stages.A"),
        (lambda: Pipeline(deals=(), stages=(("A", 0.2), ("A", 0.3))), "stages"),
        (lambda: Pipeline(deals=(), slip_share=Range(0.0, 0.5)), "slip_share"),
        (lambda: Pipeline(deals=(), slip_share=Range.known(1.0)), "slip_share"),
        (lambda: Pipeline(deals=(), mean_slip_days=0.0), "mean_slip_days"),
        (lambda: Pipeline(deals=(), days_left=-1.0), "days_left"),
    ],
)
def test_bad_open_deals_name_the_field(make, field):
    with pytest.raises(InputError) as caught:
        make()
    assert caught.value.field == field
