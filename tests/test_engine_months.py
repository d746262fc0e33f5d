"""Each month on its own against exact answers: engine v2's month-by-month luck.

Single months and quarters, independence between months, a capacity-bound month,
fractional capacity, the sales-cycle distribution and one month's revenue, at
100,000 trials and several seeds, within Z_TOLERANCE standard errors. The exact
answers come from scipy.stats, with the sales cycle integrated numerically from
scipy's gamma distribution (not from the engine's closed form).
"""

from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate, stats

from simulator import Range, Target, simulate
from simulator.model.distributions import amount_cv2, amount_mean
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.test_engine_theory import POISSON_FUNNEL, assert_cdf_matches, assert_mean_matches, known

SEEDS = [11, 2024, 987654]
pytestmark = pytest.mark.slow

#: The issue's case: known rates, no cap, 5 deals expected a month (2000 x 5% x 20% x 25%).
FIVE_A_MONTH = replace(
    POISSON_FUNNEL, horizon_months=12, lead_to_qualified=known(0.2), target=Target(value=5, deadline_month=12)
)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("month", [1, 6, 12])
def test_one_months_deals_are_poisson(seed, month):
    deals = simulate(FIVE_A_MONTH, rng=seed).deals[:, month - 1]
    assert_mean_matches(deals, 5.0, 5.0)
    assert abs(deals.var() - 5.0) <= Z_TOLERANCE * np.sqrt(2 * 5.0**2 / deals.size + 5.0 / deals.size)
    assert_cdf_matches(deals, lambda k: stats.poisson.cdf(k, 5.0), [1, 3, 5, 6, 8, 10])
    # The figure: P(month 6 >= 7 deals) = 0.238, which v1 put at 0.115.
    observed = np.mean(deals >= 7)
    exact = stats.poisson.sf(6, 5.0)
    assert abs(observed - exact) <= Z_TOLERANCE * proportion_se(exact, deals.size)


@pytest.mark.parametrize("seed", SEEDS)
def test_months_are_independent(seed):
    deals = simulate(FIVE_A_MONTH, rng=seed).deals.astype(np.float64)
    n = deals.shape[0]
    for a, b in [(0, 1), (4, 5), (0, 11)]:
        # Correlation 0 within its standard error 1/sqrt(n); the variance of a difference is the sum.
        assert abs(np.corrcoef(deals[:, a], deals[:, b])[0, 1]) <= Z_TOLERANCE / np.sqrt(n)
        difference = deals[:, a] - deals[:, b]
        assert abs(difference.var() - 10.0) <= Z_TOLERANCE * np.sqrt((2 * 10.0**2 + 10.0) / n)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_quarter_is_poisson(seed):
    quarter = simulate(FIVE_A_MONTH, rng=seed).deals[:, 6:9].sum(axis=1)
    assert_cdf_matches(quarter, lambda k: stats.poisson.cdf(k, 15.0), [8, 12, 15, 18, 22])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_capacity_bound_month_is_binomial_of_the_capacity(seed):
    # 50 qualified a month, 2 reps x 6: every month works exactly 12, so each month's deals ~ Binomial(12, 25%).
    scenario = replace(FIVE_A_MONTH, lead_to_qualified=known(0.5), reps=2, capacity_per_rep=6.0)
    result = simulate(scenario, rng=seed)
    assert (result.worked == 12).all()
    for month in (1, 7, 12):
        assert_cdf_matches(result.deals[:, month - 1], lambda k: stats.binom.cdf(k, 12, 0.25), [1, 2, 3, 4, 6])


def test_fractional_capacity_carries_over():
    # Half an opportunity per rep per month with 1 rep works 6 in a year (v1: none).
    scenario = replace(FIVE_A_MONTH, reps=1, capacity_per_rep=0.5, trials=200)
    worked = simulate(scenario, rng=1).worked
    assert (worked.sum(axis=1) == 6).all()
    assert (worked[:, 1::2] == 1).all()
    assert (worked[:, ::2] == 0).all()


def share_closed_by(month_offset: int, mean: float, spread: float) -> float:
    """P(floor(U + T) <= j): U uniform on [0, 1), T gamma with this mean and sd = spread x mean, by integration."""
    cycle = stats.gamma(1 / spread**2, scale=mean * spread**2)
    return integrate.quad(lambda u: cycle.cdf(month_offset + 1 - u), 0, 1)[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_sales_cycle_closes_each_cohort_along_its_distribution(seed):
    # All won, no cap: month m's work closes by month t with P(lag <= t - m), lag = floor(U + T).
    scenario = replace(
        FIVE_A_MONTH,
        sales_cycle_months=2.5,
        sales_cycle_spread=0.4,
        win_rate=known(1.0),
        reps=1,
        new_reps=0,
        capacity_per_rep=None,
        horizon_months=8,
        target=Target(value=5, deadline_month=8),
    )
    result = simulate(scenario, rng=seed)
    closed_by = np.cumsum(result.deals, axis=1)  # win rate 100%: every closed opportunity is a deal
    # Cohort by cohort: month m's work closes by month t with P(lag <= t - m).
    expected = np.zeros(8)
    worked_mean = result.worked.mean(axis=0)
    for t in range(8):
        expected[t] = sum(worked_mean[m] * share_closed_by(t - m, 2.5, 0.4) for m in range(t + 1))
    deals_mean = closed_by.mean(axis=0)
    se = closed_by.std(axis=0) / np.sqrt(closed_by.shape[0])
    assert (np.abs(deals_mean - expected) <= Z_TOLERANCE * se + 1e-9).all(), (deals_mean, expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_open_pipeline_closes_along_the_time_a_cycle_has_left(seed):
    # 40 open, no new work, cycle 3 months +- 50%, all won: P(closed by month j) = E[min(j, T)] / E[T].
    scenario = replace(
        FIVE_A_MONTH,
        traffic=known(0.0),
        open_pipeline=40,
        sales_cycle_months=3.0,
        sales_cycle_spread=0.5,
        win_rate=known(1.0),
        horizon_months=6,
        target=Target(value=5, deadline_month=6),
    )
    closed_by = np.cumsum(simulate(scenario, rng=seed).deals, axis=1)
    cycle = stats.gamma(1 / 0.25, scale=3.0 * 0.25)
    for j in range(1, 7):
        share = integrate.quad(cycle.sf, 0, j)[0] / 3.0
        assert_cdf_matches(closed_by[:, j - 1], lambda k, s=share: stats.binom.cdf(k, 40, s), [10, 20, 30, 38])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("month", [1, 9])
def test_one_months_revenue_is_a_compound_sum(seed, month):
    # Deals D ~ Poisson(5), sizes lognormal: E = E[D] E[S], Var = E[D] E[S^2] (compound Poisson).
    revenue = simulate(FIVE_A_MONTH, rng=seed).revenue[:, month - 1]
    deal_size = FIVE_A_MONTH.deal_size
    mean_size, cv2 = amount_mean(deal_size), amount_cv2(deal_size)
    second_moment = mean_size**2 * (1 + cv2)
    variance = 5.0 * second_moment
    assert_mean_matches(revenue, 5.0 * mean_size, variance)
    # The variance of the sample variance needs the fourth moment: E[S^4] = mean^4 (1 + cv2)^6 for a lognormal.
    fourth_cumulant = 5.0 * mean_size**4 * (1 + cv2) ** 6
    variance_se = np.sqrt((fourth_cumulant + 2 * variance**2) / revenue.size)
    assert abs(revenue.var() - variance) <= Z_TOLERANCE * variance_se


def test_an_uncertain_range_still_gives_known_marginals_per_month():
    # Uncertain win rate: month 6's deals are a binomial-Poisson mixture; its mean is E[rate] x 5 / 25%.
    scenario = replace(FIVE_A_MONTH, win_rate=Range(0.2, 0.3), trials=100_000)
    result = simulate(scenario, rng=5)
    rates = result.drawn["win_rate"]
    deals = result.deals[:, 5]
    mean = 20.0 * rates.mean()
    variance = 20.0 * rates.mean() + 20.0**2 * rates.var()
    assert_mean_matches(deals, mean, variance)
