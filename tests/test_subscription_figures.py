"""The subscription metrics over windows against exact answers and against the funnel's own figures.

* Retention: each month's kept share ``1 - k_m / n_m`` has mean ``1 - c`` given the month's start, so by the
  tower property the product over a window has mean ``(1 - c)^n`` exactly, whatever joins; NRR multiplies it by
  ``(1 + e)^n`` and GRR by ``min(1, 1 + e)^n``.
* One month's churn rate ``k / n`` has mean ``c`` given ``n``.
* LTV with a million customers: the churn rate is c within 0.01% (its standard error), so every trial's LTV is
  ARPA x margin / c within four of those.
* LTV : CAC and CAC payback against the CAC target metric's own window values (another code path).
"""

import math
from dataclasses import replace

import numpy as np
import pytest

from simulator import InputError, Range, Scenario, Target, simulate
from simulator.analysis.windows import window_values
from simulator.model.target import Direction, Metric, Window
from tests.test_subscription_engine import BASE

CHURN, EXPANSION = 0.02, 0.01
BASE_WITH_EXPANSION = replace(BASE, expansion=Range.known(EXPANSION), churn=Range.known(CHURN))


def values(result, metric, window=Window.MONTHS, first=4, last=9, direction=Direction.AT_LEAST):
    return window_values(result, metric, window, first, last, direction)


def assert_mean_near(values: np.ndarray, exact: float):
    assert abs(values.mean() - exact) <= 4 * values.std(ddof=1) / math.sqrt(values.size) + 1e-12, (
        values.mean(),
        exact,
    )


@pytest.mark.parametrize(("metric", "factor"), [(Metric.NRR, 1 + EXPANSION), (Metric.GRR, 1.0)])
@pytest.mark.parametrize(("first", "last"), [(1, 1), (4, 9), (1, 12)])
def test_revenue_retention_has_its_exact_mean(metric, factor, first, last):
    result = simulate(BASE_WITH_EXPANSION, rng=3)
    months = last - first + 1
    assert_mean_near(values(result, metric, first=first, last=last), ((1 - CHURN) * factor) ** months)


def test_gross_retention_never_passes_100_percent_and_net_is_gross_times_expansion():
    result = simulate(replace(BASE_WITH_EXPANSION, expansion=Range(-0.01, 0.03), trials=2000))
    gross, net = values(result, Metric.GRR), values(result, Metric.NRR)
    expansion = result.customer_base.drawn["expansion"]
    assert (gross <= 1).all()
    np.testing.assert_allclose(net, gross * ((1 + expansion) / np.minimum(1 + expansion, 1)) ** 6, rtol=1e-12)


@pytest.mark.parametrize("month", [1, 7, 12])
def test_one_months_churn_rate_has_mean_c(month):
    result = simulate(BASE_WITH_EXPANSION, rng=9)
    assert_mean_near(values(result, Metric.CHURN_RATE, first=month, last=month), CHURN)


def test_the_lifetime_value_is_arpa_times_margin_over_churn():
    million = replace(BASE_WITH_EXPANSION, starting_customers=1_000_000, starting_mrr=5e8, reps=0, trials=400)
    result = simulate(million)
    lifetime = values(result, Metric.LTV, first=12, last=12)
    arpa = 500.0 * (1 + EXPANSION) ** 12  # no new customers: every customer pays the average, grown
    exact = arpa * million.gross_margin / CHURN
    relative_error = math.sqrt(CHURN * (1 - CHURN) / (1_000_000 * (1 - CHURN) ** 11)) / CHURN
    assert np.all(np.abs(lifetime / exact - 1) <= 4 * relative_error)


def test_ltv_to_cac_and_payback_use_the_windows_cac():
    costly = replace(BASE_WITH_EXPANSION, cost_per_rep=9000.0, marketing_spend=4000.0, trials=3000)
    result = simulate(costly)
    cac = values(result, Metric.CAC)
    ltv = values(result, Metric.LTV)
    arpa = result.customer_base.mrr[:, 8] / result.customer_base.customers[:, 8]
    np.testing.assert_allclose(values(result, Metric.LTV_CAC), ltv / cac, rtol=1e-12)
    np.testing.assert_allclose(values(result, Metric.CAC_PAYBACK), cac / (arpa * costly.gross_margin), rtol=1e-12)


@pytest.mark.parametrize("metric", [Metric.MRR, Metric.ARR, Metric.CUSTOMERS])
def test_a_level_is_its_value_at_the_windows_end_or_its_average(metric):
    result = simulate(replace(BASE_WITH_EXPANSION, trials=500))
    base = result.customer_base
    level = (base.customers if metric is Metric.CUSTOMERS else base.mrr) * (12 if metric is Metric.ARR else 1)
    np.testing.assert_array_equal(values(result, metric), level[:, 8])
    np.testing.assert_array_equal(values(result, metric, Window.BY_DEADLINE, 1, 9), level[:, 8])
    np.testing.assert_allclose(values(result, metric, Window.AVERAGE), level[:, 3:9].mean(axis=1))


@pytest.mark.parametrize("metric", [Metric.MRR, Metric.CHURN_RATE, Metric.NRR, Metric.LTV])
@pytest.mark.parametrize("direction", list(Direction))
def test_any_month_is_the_best_single_month(metric, direction):
    result = simulate(replace(BASE_WITH_EXPANSION, churn=Range(0.01, 0.04), trials=500))
    single = np.column_stack([values(result, metric, first=m, last=m) for m in range(4, 10)])
    best = np.nanmax(single, axis=1) if direction is Direction.AT_LEAST else np.nanmin(single, axis=1)
    np.testing.assert_array_equal(values(result, metric, Window.ANY_MONTH, direction=direction), best)


def test_a_subscription_target_needs_subscription_mode():
    with pytest.raises(InputError) as caught:
        Scenario(target=Target(metric=Metric.NRR, value=1.0, deadline_month=3))
    assert caught.value.field == "target.metric"
    assert "subscription mode" in caught.value.allowed


def test_a_subscription_target_counts_no_channel():
    with pytest.raises(InputError) as caught:
        Target(metric=Metric.CUSTOMERS, value=10, deadline_month=3, channels=("Website",))
    assert caught.value.field == "target.channels"
