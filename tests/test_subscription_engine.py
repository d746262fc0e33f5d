"""The customer base of subscription mode against exact answers, at fixed seeds.

* No new deals, known churn c: each customer stays a month with probability 1 - c, independently, so after m
  months the customers are Binomial(n0, (1 - c)^m) (binomial thinning), and the MRR is n0's average MRR each.
* Uncertain churn: the same binomial, mixed over churn's logit-normal (quadrature).
* New customers: with known rates, no cap and no sales cycle the won deals of each month are Poisson(mu) (a thinned
  Poisson stream). A month's new customers join at its end and each stays a month with probability 1 - c, so the
  customers at month m's end are Binomial(n0, (1-c)^m) + Poisson(mu sum_{k<m} (1-c)^k), whose pmf is the
  convolution of the two.
* MRR: E[kept share | n] = 1 - c, so E[MRR_m] = R0 g^m + (mu D / 12) sum_{k<m} g^k with g = (1 - c)(1 + e).
* The README's worked example, derived by hand the same way.
"""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import special, stats

from simulator import Range, Scenario, Target, simulate
from simulator.analysis.windows import window_values
from simulator.model.distributions import Z95
from simulator.model.target import Metric, Window
from tests.test_engine_theory import assert_cdf_matches, assert_mean_matches, known

TRIALS = 40_000
SEEDS = [5, 2026]
#: Known rates, no cap, no cycle: won deals are Poisson(4000 x 0.05 x 0.3 x 0.25 = 15) a month.
NEW_PER_MONTH = 4000 * 0.05 * 0.3 * 0.25
DEAL_SIZE = 6000.0  # an annual contract value: $500 of MRR
BASE = Scenario(
    horizon_months=12,
    traffic=known(4000.0),
    visit_to_lead=known(0.05),
    lead_to_qualified=known(0.3),
    win_rate=known(0.25),
    deal_size=known(DEAL_SIZE),
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.0,
    churn=known(0.02),
    target=Target(value=30, deadline_month=12),
    trials=TRIALS,
)
#: The same base with no new deals: no reps work any opportunity.
NO_NEW = replace(BASE, reps=0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("month", [1, 6, 12])
def test_with_no_new_deals_the_customers_are_binomial_thinning(seed, month):
    base = simulate(NO_NEW, rng=seed).customer_base
    customers = base.customers[:, month - 1]
    kept = 0.98**month
    assert_mean_matches(customers, 200 * kept, 200 * kept * (1 - kept))
    assert_cdf_matches(
        customers, lambda k: stats.binom.cdf(k, 200, kept), stats.binom.ppf([0.05, 0.5, 0.95], 200, kept)
    )
    # Every customer pays the base's average: $500 each, whoever leaves.
    np.testing.assert_allclose(base.mrr[:, month - 1], 500.0 * customers, rtol=1e-9)


def churn_quadrature(rate: Range, nodes: int = 80):
    """Churn values and weights of a Gauss-Hermite rule over churn's logit-normal (exact for smooth functions)."""
    z, w = np.polynomial.hermite_e.hermegauss(nodes)
    lo, hi = special.logit(rate.low), special.logit(rate.high)
    return special.expit((lo + hi) / 2 + (hi - lo) / (2 * Z95) * z), w / w.sum()


@pytest.mark.parametrize("seed", SEEDS)
def test_with_uncertain_churn_the_customers_are_a_binomial_mixture(seed):
    churn = Range(0.01, 0.04)
    customers = simulate(replace(NO_NEW, churn=churn), rng=seed).customer_base.customers[:, 5]
    rates, weights = churn_quadrature(churn)
    kept = (1 - rates) ** 6

    def cdf(k):
        return float(weights @ stats.binom.cdf(k, 200, kept))

    mean = float(weights @ (200 * kept))
    variance = float(weights @ (200 * kept * (1 - kept) + (200 * kept) ** 2)) - mean**2
    assert_mean_matches(customers, mean, variance)
    assert_cdf_matches(customers, cdf, [160, 175, 185, 192])


def base_plus_new_pmf(month: int, churn: float) -> np.ndarray:
    """Exact pmf of the customers at `month`'s end: Binomial(200, (1-c)^m) convolved with a Poisson."""
    survivors = stats.binom.pmf(np.arange(201), 200, (1 - churn) ** month)
    mean_new = NEW_PER_MONTH * sum((1 - churn) ** k for k in range(month))
    new = stats.poisson.pmf(np.arange(400), mean_new)
    return np.convolve(survivors, new)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("month", [3, 12])
def test_new_customers_join_the_thinned_base_exactly(seed, month):
    customers = simulate(BASE, rng=seed).customer_base.customers[:, month - 1]
    pmf = base_plus_new_pmf(month, 0.02)
    values = np.arange(pmf.size)
    mean = float(values @ pmf)
    assert_mean_matches(customers, mean, float((values - mean) ** 2 @ pmf))
    cdf = np.cumsum(pmf)
    points = [int(np.searchsorted(cdf, q)) for q in (0.05, 0.25, 0.5, 0.75, 0.95)]
    assert_cdf_matches(customers, lambda k: cdf[int(k)], points)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("expansion", [-0.01, 0.0, 0.015])
def test_the_mean_mrr_grows_by_retention_and_expansion(seed, expansion):
    result = simulate(replace(BASE, expansion=known(expansion)), rng=seed)
    g = 0.98 * (1 + expansion)
    months = np.arange(1, 13)
    new_mrr = NEW_PER_MONTH * DEAL_SIZE / 12
    exact = 100_000.0 * g**months + new_mrr * np.array([sum(g**k for k in range(m)) for m in months])
    mrr = result.customer_base.mrr
    for month in (1, 6, 12):
        values = mrr[:, month - 1]
        # The standard error from the simulation's own spread: the law of MRR has no closed form.
        assert abs(values.mean() - exact[month - 1]) <= 4 * values.std(ddof=1) / math.sqrt(values.size)
    np.testing.assert_array_equal(result.revenue, mrr)  # a month's revenue is its recurring revenue


def test_the_readme_worked_example_by_hand():
    # 200 customers at $500, 2% churn a month, 15 new customers a month at $500 ($6,000 a year), 12 months.
    result = simulate(BASE, rng=11)
    base = result.customer_base
    customers = 200 * 0.98**12 + 15 * (1 - 0.98**12) / 0.02  # 318.4, as README derives
    assert customers == pytest.approx(318.4, abs=0.05)
    end = base.customers[:, 11]
    assert abs(end.mean() - customers) <= 4 * end.std(ddof=1) / math.sqrt(TRIALS)
    arr = 12 * base.mrr[:, 11]
    assert abs(arr.mean() - 12 * 500 * customers) <= 4 * arr.std(ddof=1) / math.sqrt(TRIALS)
    nrr = window_values(result, Metric.NRR, Window.MONTHS, 1, 12)
    assert abs(nrr.mean() - 0.98**12) <= 4 * nrr.std(ddof=1) / math.sqrt(TRIALS)


def test_the_mrr_flows_add_up_and_the_new_mrr_is_the_deals_contract_value():
    base = simulate(
        replace(BASE, expansion=Range(-0.01, 0.03), churn=Range(0.01, 0.03), trials=3000)
    ).customer_base
    result = simulate(replace(BASE, expansion=Range(-0.01, 0.03), churn=Range(0.01, 0.03), trials=3000))
    new_mrr = base.mrr - (base.opening_mrr() - base.churned_mrr() + base.expansion_mrr())
    np.testing.assert_allclose(new_mrr, result.deals * DEAL_SIZE / 12, rtol=1e-9, atol=1e-6)
    np.testing.assert_array_equal(base.customers, base.opening_customers() - base.churned + result.deals)


def test_subscription_mode_leaves_the_funnels_luck_as_it_was():
    one_off = simulate(replace(BASE, revenue_mode="one_off", trials=5000))
    subscription = simulate(replace(BASE, trials=5000))
    for figure in ("visits", "leads", "qualified", "worked", "deals"):
        np.testing.assert_array_equal(getattr(one_off, figure), getattr(subscription, figure))
    np.testing.assert_allclose(one_off.revenue, subscription.deals * DEAL_SIZE)
    assert one_off.customer_base is None
