"""The engine against exact answers from scipy.stats, at 100,000 trials and several seeds.

Each Monte Carlo figure is compared with its exact value within Z_TOLERANCE
standard errors of the estimate.
"""

from dataclasses import replace

import numpy as np
import pytest
from scipy import special, stats

from simulator import Range, Scenario, Target, simulate
from simulator.model.distributions import Z95, amount_cv2, amount_mean
from tests.conftest import Z_TOLERANCE, proportion_se

TRIALS = 100_000
SEEDS = [11, 2024, 987654]
pytestmark = pytest.mark.slow


def known(value):
    return Range.known(value)


def assert_cdf_matches(values, exact_cdf, points):
    """Empirical P(X <= k) against the exact CDF at each k in `points`."""
    for k in points:
        exact = exact_cdf(k)
        observed = np.mean(values <= k)
        assert abs(observed - exact) <= Z_TOLERANCE * proportion_se(exact, values.size), (k, observed, exact)


def assert_mean_matches(values, exact_mean, exact_variance):
    se = np.sqrt(exact_variance / values.size)
    assert abs(values.mean() - exact_mean) <= Z_TOLERANCE * se, (values.mean(), exact_mean)


# Known rates, no capacity cap, no sales cycle: a thinned Poisson stream.
POISSON_FUNNEL = Scenario(
    horizon_months=4,
    traffic=known(2000.0),
    visit_to_lead=known(0.05),
    lead_to_qualified=known(0.3),
    win_rate=known(0.25),
    deal_size=Range(2000.0, 12000.0),
    target=Target(value=30, deadline_month=4),
    trials=TRIALS,
)


@pytest.mark.parametrize("seed", SEEDS)
def test_deals_over_months_are_poisson(seed):
    result = simulate(POISSON_FUNNEL, rng=seed)
    mean = 4 * 2000 * 0.05 * 0.3 * 0.25
    deals = result.deals.sum(axis=1)
    assert_mean_matches(deals, mean, mean)
    assert_cdf_matches(
        deals, lambda k: stats.poisson.cdf(k, mean), stats.poisson.ppf([0.05, 0.25, 0.5, 0.75, 0.95], mean)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_each_months_visits_are_poisson_with_growth(seed):
    result = simulate(replace(POISSON_FUNNEL, traffic_growth=0.1), rng=seed)
    for month in (1, 4):
        lam = 2000 * 1.1 ** (month - 1)
        visits = result.visits[:, month - 1]
        assert_mean_matches(visits, lam, lam)
        assert_cdf_matches(
            visits, lambda k, lam=lam: stats.poisson.cdf(k, lam), stats.poisson.ppf([0.05, 0.5, 0.95], lam)
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_revenue_is_expected_deals_times_expected_deal_size(seed):
    result = simulate(POISSON_FUNNEL, rng=seed)
    mean_deals = 4 * 2000 * 0.05 * 0.3 * 0.25
    size_mean = amount_mean(POISSON_FUNNEL.deal_size)
    size_variance = amount_cv2(POISSON_FUNNEL.deal_size) * size_mean**2
    revenue = result.revenue.sum(axis=1)
    # Compound Poisson: Var = E[D] (Var(size) + E[size]^2).
    exact_variance = mean_deals * (size_variance + size_mean**2)
    assert_mean_matches(revenue, mean_deals * size_mean, exact_variance)
    fourth = np.mean((revenue - revenue.mean()) ** 4)
    variance_se = np.sqrt((fourth - exact_variance**2) / revenue.size)
    assert abs(revenue.var() - exact_variance) <= Z_TOLERANCE * variance_se


# Far more qualified opportunities than one rep can work: exactly CAPACITY are worked a month.
CAPACITY = 40
CAPPED_FUNNEL = Scenario(
    horizon_months=3,
    traffic=known(100_000.0),
    visit_to_lead=known(0.5),
    lead_to_qualified=known(0.5),
    win_rate=known(0.25),
    deal_size=known(1000.0),
    reps=1,
    capacity_per_rep=CAPACITY,
    target=Target(value=30, deadline_month=3),
    trials=TRIALS,
)


@pytest.mark.parametrize("seed", SEEDS)
def test_binding_cap_gives_binomial_deals(seed):
    result = simulate(CAPPED_FUNNEL, rng=seed)
    assert (result.worked == CAPACITY).all()
    for month in (1, 3):
        n = CAPACITY * month
        deals = result.deals[:, :month].sum(axis=1)
        assert_mean_matches(deals, n * 0.25, n * 0.25 * 0.75)
        assert_cdf_matches(
            deals,
            lambda k, n=n: stats.binom.cdf(k, n, 0.25),
            stats.binom.ppf([0.05, 0.25, 0.5, 0.75, 0.95], n, 0.25),
        )


def beta_binomial_like_cdf(k, n, rate: Range):
    """P(Bin(n, W) <= k) for a logit-normal W fitted to `rate`, by Gauss-Hermite quadrature."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(120)
    lo, hi = special.logit(rate.low), special.logit(rate.high)
    w = special.expit((lo + hi) / 2 + (hi - lo) / (2 * Z95) * nodes)
    return float(np.sum(weights * stats.binom.cdf(k, n, w)) / np.sqrt(2 * np.pi))


@pytest.mark.parametrize("seed", SEEDS)
def test_uncertain_win_rate_over_fixed_work_is_the_binomial_mixture(seed):
    win_rate = Range(0.15, 0.35)
    scenario = replace(
        CAPPED_FUNNEL, horizon_months=1, win_rate=win_rate, target=Target(value=5, deadline_month=1)
    )
    deals = simulate(scenario, rng=seed).deals[:, 0]
    assert_cdf_matches(deals, lambda k: beta_binomial_like_cdf(k, CAPACITY, win_rate), [3, 5, 7, 9, 11, 14])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", ["traffic", "visit_to_lead", "lead_to_qualified", "win_rate"])
def test_drawn_inputs_have_the_range_as_5th_and_95th_percentiles(seed, name):
    scenario = replace(
        POISSON_FUNNEL,
        traffic=Range(1500.0, 2500.0),
        visit_to_lead=Range(0.03, 0.07),
        lead_to_qualified=Range(0.2, 0.4),
        win_rate=Range(0.1, 0.3),
    )
    result = simulate(scenario, rng=seed)
    drawn = result.drawn["traffic_mean" if name == "traffic" else name]
    rng_range = getattr(scenario, name)
    tolerance = Z_TOLERANCE * proportion_se(0.05, drawn.size)
    assert abs(np.mean(drawn <= rng_range.low) - 0.05) <= tolerance
    assert abs(np.mean(drawn >= rng_range.high) - 0.05) <= tolerance


@pytest.mark.parametrize("cycle", [1, 2, 2.5])
def test_nothing_closes_before_the_sales_cycle_except_open_pipeline(cycle):
    whole = int(cycle)
    result = simulate(replace(POISSON_FUNNEL, horizon_months=6, sales_cycle_months=cycle, trials=20_000), rng=5)
    assert (result.deals[:, :whole] == 0).all()
    assert result.deals[:, whole].sum() > 0

    with_pipeline = simulate(
        replace(POISSON_FUNNEL, horizon_months=6, sales_cycle_months=cycle, open_pipeline=30, trials=20_000), rng=5
    )
    early = with_pipeline.deals[:, :whole].sum(axis=1)
    assert early.max() <= 30
    assert early.mean() > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_open_pipeline_wins_are_binomial(seed):
    scenario = replace(POISSON_FUNNEL, traffic=known(0.0), open_pipeline=50, sales_cycle_months=2)
    result = simulate(scenario, rng=seed)
    deals = result.deals.sum(axis=1)
    assert_cdf_matches(deals, lambda k: stats.binom.cdf(k, 50, 0.25), [8, 10, 12, 14, 16])
    # Spread evenly over the first two months.
    assert (result.deals[:, 2:] == 0).all()
