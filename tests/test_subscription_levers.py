"""Churn and net expansion as levers: which targets they move, goal seek against an exact answer, the tornado.

With no new deals and a known churn c, the customers after 12 months are Binomial(200, (1 - c)^12), so the odds
of "at least T customers" are an exact binomial tail, and the churn that gives 80% odds is a root of it.
"""

from dataclasses import replace

import pytest
from scipy import optimize, stats

from simulator import Range, Scenario, Target
from simulator.analysis.goal_seek import requirement, seeks
from simulator.analysis.levers import Lever, levers_of, odds
from simulator.analysis.sensitivity import swing_ends
from simulator.model.target import Metric, Window
from tests.conftest import Z_TOLERANCE, proportion_se

KEPT_BASE = Scenario(
    revenue_mode="subscription",
    starting_customers=200,
    starting_mrr=100_000.0,
    churn=Range.known(0.03),
    reps=0,  # no new deals: the base only thins
    horizon_months=12,
    target=Target(metric=Metric.CUSTOMERS, value=150, deadline_month=12),
    trials=20_000,
)


def exact_odds(churn: float) -> float:
    return float(stats.binom.sf(149, 200, (1 - churn) ** 12))


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (Metric.CHURN_RATE, [Lever.CHURN]),
        (Metric.NRR, [Lever.CHURN, Lever.EXPANSION]),
        (Metric.GRR, [Lever.CHURN, Lever.EXPANSION]),
        (Metric.LTV, [Lever.DEAL_SIZE, Lever.CHURN, Lever.EXPANSION]),
    ],
)
def test_retention_targets_are_moved_by_the_base_alone(metric, expected):
    scenario = replace(KEPT_BASE, target=Target(metric=metric, value=0.5, deadline_month=12))
    assert levers_of(scenario) == expected


@pytest.mark.parametrize(
    ("metric", "base_levers"),
    [
        (Metric.CUSTOMERS, [Lever.CHURN]),
        (Metric.MRR, [Lever.CHURN, Lever.EXPANSION]),
        (Metric.ARR, [Lever.CHURN, Lever.EXPANSION]),
        (Metric.REVENUE, [Lever.CHURN, Lever.EXPANSION]),
        (Metric.DEALS, []),
    ],
)
def test_levels_are_moved_by_the_funnel_and_the_base(metric, base_levers):
    scenario = replace(KEPT_BASE, target=Target(metric=metric, value=1, deadline_month=12))
    levers = levers_of(scenario)
    assert Lever.WIN_RATE in levers
    assert [lever for lever in levers if lever in (Lever.CHURN, Lever.EXPANSION)] == base_levers
    assert (Lever.DEAL_SIZE in levers) == (metric is not Metric.CUSTOMERS and metric is not Metric.DEALS)


def test_one_off_revenue_has_no_base_levers():
    one_off = Scenario(target=Target(metric=Metric.REVENUE, value=1, deadline_month=3))
    assert Lever.CHURN not in levers_of(one_off)


def test_goal_seek_finds_the_churn_of_the_exact_80_percent_odds():
    found = requirement(KEPT_BASE, Lever.CHURN, 0.8)
    exact = optimize.brentq(lambda c: exact_odds(c) - 0.8, 1e-4, 0.2)
    assert found.needed < KEPT_BASE.churn.mid  # at 3% churn the odds are below 80%: churn must fall
    # Bisection stops where the simulated odds cross 80%: the exact odds there are 80% within their error.
    assert abs(exact_odds(found.needed) - 0.8) <= Z_TOLERANCE * proportion_se(0.8, KEPT_BASE.trials)
    assert found.sentence.startswith("churn at most")
    assert abs(found.needed - exact) / exact < 0.05


def test_the_tornado_moves_churn_to_the_ends_of_its_range():
    scenario = replace(KEPT_BASE, churn=Range(0.02, 0.04))
    low, high = swing_ends(scenario, Lever.CHURN)
    for end, churn in ((low, 0.02), (high, 0.04)):
        assert end.churn == Range.known(churn)
        simulated = odds(end)
        assert (
            abs(simulated - exact_odds(churn)) <= Z_TOLERANCE * proportion_se(exact_odds(churn), end.trials) + 1e-9
        )


def test_expansion_moves_a_point_either_way_when_known():
    scenario = replace(
        KEPT_BASE, target=Target(metric=Metric.NRR, value=0.7, deadline_month=12, window=Window.MONTHS)
    )
    low, high = swing_ends(scenario, Lever.EXPANSION)
    assert (low.expansion, high.expansion) == (Range.known(-0.01), Range.known(0.01))


def test_a_ceiling_on_churn_is_goal_sought_and_other_ceilings_are_not():
    ceiling = Target(metric=Metric.CHURN_RATE, value=0.02, deadline_month=12, direction="at_most")
    assert seeks(ceiling)
    assert not seeks(Target(metric=Metric.CAC, value=900, deadline_month=12, direction="at_most"))
    # With no new deals and a known churn c, one month's churn rate is Binomial(n, c) / n: P(rate <= 2%) rises as c
    # falls, and goal seek finds the churn whose simulated odds reach 80%.
    scenario = replace(KEPT_BASE, target=replace(ceiling, window=Window.MONTHS, start_month=12))
    found = requirement(scenario, Lever.CHURN, 0.8)
    assert found.needed < scenario.churn.mid
    assert found.odds_at_needed >= 0.8
