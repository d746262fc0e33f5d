"""The ARR plan against the MRR recursion by hand (known churn and expansion) and by Monte Carlo (drawn ones)."""

from dataclasses import replace

import numpy as np
import pytest

from simulator import InputError, Range, Scenario
from simulator.analysis.arr_plan import arr_plan
from simulator.model.distributions import amount_mean, rate_quantile, signed_rate_quantile

BASE = Scenario(
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.0,
    churn=Range.known(0.02),
    expansion=Range.known(0.005),
    deal_size=Range(4000.0, 9000.0),
)


def mrr_path(start: float, new_by_month, churn, expansion) -> np.ndarray:
    """The MRR at each month's end given churn and expansion (arrays: one path each), the engine's recursion."""
    mrr, path = np.full(np.shape(churn), start, dtype=float), []
    for new in new_by_month:
        mrr = mrr * (1 - churn) * (1 + expansion) + new
        path.append(mrr)
    return np.array(path)


def monthly_new(plan) -> list[float]:
    return [quarter.new_mrr / 3 for quarter in plan.quarters for _ in range(3)]


@pytest.mark.parametrize("goal", [1_400_000.0, 2_000_000.0])
@pytest.mark.parametrize("months", [6, 12, 24])
def test_with_known_rates_the_plan_reaches_the_goal_by_the_recursion(goal, months):
    plan = arr_plan(BASE, goal, months)
    path = mrr_path(100_000.0, monthly_new(plan), 0.02, 0.005)
    assert 12 * path[-1] == pytest.approx(goal, rel=1e-9)
    assert len({round(q.new_mrr, 6) for q in plan.quarters}) == 1  # even by default
    ends = [quarter.mrr_at_end for quarter in plan.quarters]
    np.testing.assert_allclose(ends, path[2::3], rtol=1e-9)
    opening = np.concatenate([[100_000.0], path[:-1]])
    np.testing.assert_allclose([q.churned_mrr for q in plan.quarters], (0.02 * opening).reshape(-1, 3).sum(1))


def test_with_drawn_rates_the_expected_mrr_is_the_goal():
    drawn = replace(BASE, churn=Range(0.01, 0.04), expansion=Range(-0.005, 0.015))
    plan = arr_plan(drawn, 1_600_000.0, seasonality=(1, 2, 3, 2))
    rng = np.random.default_rng(4)
    churn = rate_quantile(drawn.churn, rng.standard_normal(400_000))
    expansion = signed_rate_quantile(drawn.expansion, rng.standard_normal(400_000))
    end = 12 * mrr_path(100_000.0, monthly_new(plan), churn, expansion)[-1]
    assert abs(end.mean() - 1_600_000.0) <= 4 * end.std() / np.sqrt(end.size)
    shares = np.array([q.new_mrr for q in plan.quarters]) / plan.new_mrr
    np.testing.assert_allclose(shares, np.array([1, 2, 3, 2]) / 8)


def test_new_customers_are_the_new_mrr_at_a_deals_mean_mrr():
    plan = arr_plan(BASE, 1_500_000.0)
    for quarter in plan.quarters:
        assert quarter.new_customers == pytest.approx(quarter.new_mrr / (amount_mean(BASE.deal_size) / 12))


@pytest.mark.parametrize(
    ("scenario", "goal", "months", "seasonality", "field"),
    [
        (replace(BASE, revenue_mode="one_off"), 1e6, 12, None, "revenue_mode"),
        (BASE, -1.0, 12, None, "arr_goal"),
        (BASE, float("nan"), 12, None, "arr_goal"),
        (BASE, 1e6, 5, None, "months"),
        (BASE, 1e6, 27, None, "months"),
        (BASE, 2e6, 12, (1, 1, 1), "seasonality"),
        (BASE, 2e6, 12, (1, -1, 1, 1), "seasonality"),
        (BASE, 2e6, 12, (0, 0, 0, 0), "seasonality"),
        (BASE, 100_000.0, 12, None, "arr_goal"),  # the base alone passes it
    ],
)
def test_bad_inputs_name_the_field(scenario, goal, months, seasonality, field):
    with pytest.raises(InputError) as caught:
        arr_plan(scenario, goal, months, seasonality)
    assert caught.value.field == field
