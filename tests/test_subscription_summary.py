"""The recurring-revenue summary a page shows, against the result's own arrays and against theory.

* The monthly split is exact: kept + expansion + new is the mean MRR of every month.
* Theory (the engine test's base: 200 customers at $500, known 2% churn, no expansion, Poisson(15) new customers a
  month at $500): each month's new MRR has mean 15 x 500 exactly, and the MRR lost to churn ``c`` times the mean
  MRR at the month's start, ``E[MRR_m] = R0 g^m + 7,500 sum_{k<m} g^k`` with ``g = 1 - c``.
* The headline figures are the percentiles of the figures computed here from the arrays, over the windows the
  page says: ARR at the deadline, the rest over the horizon's last 12 months.
* The median's standard error against the normal's ``sqrt(pi / 2) sigma / sqrt(n)`` and against the spread of
  medians over repeated samples.
"""

import math
from dataclasses import replace

import numpy as np
import pytest

from simulator import simulate
from simulator.analysis.statistics import median_standard_error
from simulator.analysis.subscription_summary import headline_targets, spread_of, subscription_summary
from simulator.analysis.summaries import summarize
from simulator.model.target import Metric, Target, Window
from tests.conftest import Z_TOLERANCE
from tests.test_subscription_engine import BASE, NEW_PER_MONTH

CHURN = 0.02
MRR_EACH = 500.0


def percentiles_of(values):
    values = values[~np.isnan(values)]
    return tuple(np.percentile(values, (10, 50, 90), method="inverted_cdf"))


@pytest.fixture(scope="module")
def result():
    return simulate(replace(BASE, trials=20_000, horizon_months=18), rng=11)


@pytest.fixture(scope="module")
def summary(result):
    return subscription_summary(result, Target(value=1, deadline_month=6))


def test_the_monthly_movements_add_up_to_the_change_in_the_mean_mrr(result, summary):
    mrr = result.customer_base.mrr.mean(axis=0)
    np.testing.assert_allclose(summary.mrr, mrr, rtol=1e-12)
    before = np.concatenate([[BASE.starting_mrr], mrr[:-1]])
    np.testing.assert_allclose(
        summary.new_mrr + summary.expansion_mrr - summary.churned_mrr, mrr - before, atol=1e-6
    )
    np.testing.assert_allclose(summary.expansion_mrr, 0.0, atol=1e-9)  # no expansion in this scenario


@pytest.mark.parametrize("seed", [3, 2026])
def test_new_and_churned_mrr_have_their_exact_means(seed):
    result = simulate(BASE, rng=seed)
    base = result.customer_base
    split = subscription_summary(result, BASE.target)
    trials = result.trials
    new_se = MRR_EACH * math.sqrt(NEW_PER_MONTH / trials)  # Poisson count of $500 customers
    assert np.all(np.abs(split.new_mrr - NEW_PER_MONTH * MRR_EACH) <= Z_TOLERANCE * new_se)
    months = np.arange(BASE.horizon_months)  # 0-based: the month before's end
    g = 1 - CHURN
    opening = BASE.starting_mrr * g**months + NEW_PER_MONTH * MRR_EACH * (1 - g**months) / (1 - g)
    churned = base.churned_mrr()
    churned_se = churned.std(axis=0, ddof=1) / math.sqrt(trials)
    assert np.all(np.abs(split.churned_mrr - CHURN * opening) <= Z_TOLERANCE * churned_se)


def test_the_customers_fan_is_the_percentiles_of_each_months_customers(result, summary):
    customers = result.customer_base.customers
    for month in (0, 5, 17):
        assert tuple(summary.customers[:, month]) == percentiles_of(customers[:, month].astype(float))


def test_the_headline_is_arr_at_the_deadline_and_the_rest_over_the_horizons_last_year(result, summary):
    base = result.customer_base
    figures = {figure.target.metric: figure for figure in summary.headline}
    assert [figure.target.period for figure in summary.headline] == ["at the end of month 6"] + 4 * [
        "in months 7-18"
    ]
    arr = figures[Metric.ARR].spread
    assert (arr.p10, arr.p50, arr.p90) == percentiles_of(12 * base.mrr[:, 5])
    # NRR from the arrays: the kept share of each month's opening customers, with no expansion.
    opening = np.concatenate(
        [np.full((result.trials, 1), BASE.starting_customers), base.customers[:, :-1]], axis=1
    )
    nrr = ((opening - base.churned) / opening)[:, 6:18].prod(axis=1)
    spread = figures[Metric.NRR].spread
    assert (spread.p10, spread.p50, spread.p90) == pytest.approx(percentiles_of(nrr), rel=1e-12)
    assert figures[Metric.GRR].spread == figures[Metric.NRR].spread  # no expansion: they are the same
    assert spread.missing_share == 0


def test_a_horizon_shorter_than_a_year_reads_the_whole_horizon():
    periods = [target.period for target in headline_targets(Target(value=1, deadline_month=3), 6)]
    assert periods[1:] == 4 * ["in months 1-6"]
    assert all(target.window is Window.MONTHS for target in headline_targets(Target(value=1), 24))


def test_without_customers_today_retention_has_no_value_in_any_trial():
    result = simulate(replace(BASE, starting_customers=0, starting_mrr=0.0, trials=500), rng=1)
    figures = {
        figure.target.metric: figure.spread for figure in subscription_summary(result, BASE.target).headline
    }
    assert figures[Metric.NRR].missing_share == 1
    assert math.isnan(figures[Metric.NRR].p50)
    assert math.isnan(figures[Metric.NRR].standard_error)
    assert figures[Metric.ARR].missing_share == 0


def test_summaries_carry_it_only_in_subscription_mode():
    assert summarize(simulate(replace(BASE, trials=200))).subscription is not None
    assert summarize(simulate(replace(BASE, trials=200, revenue_mode="one_off"))).subscription is None


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_the_medians_standard_error_matches_the_normals(seed):
    n = 10_000
    values = np.random.default_rng(seed).standard_normal(n)
    exact = math.sqrt(math.pi / 2) / math.sqrt(n)
    # The estimate uses about 2 sqrt(n) = 200 trials' spacing: good to about 1 / sqrt(200) = 7%.
    assert median_standard_error(values) == pytest.approx(exact, rel=0.25)


def test_the_medians_standard_error_matches_the_spread_of_medians():
    rng = np.random.default_rng(5)
    samples = rng.exponential(size=(400, 2_000))
    observed = np.median(samples, axis=1).std(ddof=1)  # over 400 repeats: good to about 4%
    estimates = [median_standard_error(sample) for sample in samples[:20]]
    assert np.mean(estimates) == pytest.approx(observed, rel=0.15)


def test_spread_leaves_out_the_trials_without_a_value():
    spread = spread_of(np.array([np.nan, 1.0, 2.0, 3.0, 4.0]))
    assert (spread.p50, spread.missing_share) == (2.0, 0.2)
    assert math.isnan(spread_of(np.array([np.inf, np.inf, 1.0])).standard_error)
