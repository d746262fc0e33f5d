"""Scenario and target validation: every bad value names its field and what is allowed."""

import math
from dataclasses import replace

import pytest

from simulator import Direction, InputError, Metric, Range, Scenario, Target, VerdictThresholds

BASE = Scenario()


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"win_rate": Range(0.2, 1.2)}, "win_rate.high", "between 0% and 100%"),
        ({"visit_to_lead": Range(-0.01, 0.03)}, "visit_to_lead.low", "between 0% and 100%"),
        ({"lead_to_qualified": Range(0.4, 0.3)}, "lead_to_qualified", "low <= high"),
        ({"win_rate": Range(0.0, 0.3)}, "win_rate", "strictly between"),
        ({"win_rate": Range(math.nan, 0.3)}, "win_rate.low", "between 0% and 100%"),
        ({"traffic": Range(-5.0, 100.0)}, "traffic.low", "0 or more"),
        ({"traffic": Range(100.0, math.inf)}, "traffic.high", "0 or more"),
        ({"traffic": Range(0.0, 100.0)}, "traffic.low", "above 0"),
        ({"deal_size": Range(5000.0, 1000.0)}, "deal_size", "low <= high"),
        ({"horizon_months": 0}, "horizon_months", "between 1 and 24"),
        ({"horizon_months": 25}, "horizon_months", "between 1 and 24"),
        ({"horizon_months": 6.5}, "horizon_months", "whole number"),
        ({"reps": -1}, "reps", "0 or more"),
        ({"new_reps": 1.5}, "new_reps", "whole number"),
        ({"ramp_productivity": 1.2}, "ramp_productivity", "between 0% and 100%"),
        ({"ramp_months": 30}, "ramp_months", "between 0 and 24"),
        ({"open_pipeline": -3}, "open_pipeline", "0 or more"),
        ({"capacity_per_rep": -2.0}, "capacity_per_rep", "0 or more"),
        ({"marketing_spend": math.nan}, "marketing_spend", "0 or more"),
        ({"cost_per_rep": -1.0}, "cost_per_rep", "0 or more"),
        ({"gross_margin": 1.5}, "gross_margin", "between -100% and 100%"),
        ({"traffic_growth": -1.0}, "traffic_growth", "between -99%"),
        ({"sales_cycle_months": -1}, "sales_cycle_months", "between 0 and 24"),
        ({"trials": 0}, "trials", "between 1 and 5,000,000"),
        ({"seed": -1}, "seed", "0 or more"),
        ({"seed": "seven"}, "seed", "0 or more"),
        (
            {"horizon_months": 2, "target": Target(value=5, deadline_month=3)},
            "target.deadline_month",
            "inside the horizon",
        ),
    ],
)
def test_bad_scenario_values_are_named(changes, field, allowed):
    with pytest.raises(InputError) as caught:
        replace(BASE, **changes)
    assert caught.value.field == field
    assert allowed in str(caught.value)
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": -1}, "target.value"),
        ({}, "target.value"),
        ({"value": 5, "change_pct": 10, "baseline": 40}, "target.value"),
        ({"change_pct": 10}, "target.baseline"),
        ({"change_pct": -150, "baseline": 40}, "target.change_pct"),
        ({"value": 5, "deadline_month": 0}, "target.deadline_month"),
        ({"value": 5, "metric": "profit"}, "target.metric"),
        ({"value": 5, "direction": "above"}, "target.direction"),
    ],
)
def test_bad_targets_are_named(kwargs, field):
    with pytest.raises(InputError) as caught:
        Target(**kwargs)
    assert caught.value.field == field


def test_known_values_and_zero_rates_are_allowed():
    scenario = replace(BASE, win_rate=Range.known(0.0), traffic=Range.known(0.0), capacity_per_rep=0.0)
    assert scenario.capacity_by_month() == [0] * scenario.horizon_months


def test_target_threshold_from_change_against_baseline():
    target = Target(metric="revenue", direction="at_least", change_pct=25, baseline=1_000_000, deadline_month=6)
    assert target.metric is Metric.REVENUE
    assert target.direction is Direction.AT_LEAST
    assert target.threshold == pytest.approx(1_250_000)
    assert "+25% vs 1,000,000" in target.describe()


def test_capacity_and_costs():
    scenario = replace(
        BASE, reps=4, capacity_per_rep=12.5, marketing_spend=1000.0, cost_per_rep=500.0, horizon_months=5
    )
    assert scenario.capacity_by_month() == [50] * 5
    assert scenario.costs_by_month().tolist() == [3000] * 5
    assert replace(BASE, capacity_per_rep=None).capacity_by_month() == [math.inf] * 12
    hired = replace(scenario, new_reps=2, ramp_productivity=0.25, ramp_months=3)
    assert hired.capacity_by_month() == [56.25, 56.25, 56.25, 75, 75]
    assert hired.costs_by_month().tolist() == [4000] * 5  # new hires cost a full rep from month 1


def test_verdict_thresholds_must_be_ordered():
    with pytest.raises(InputError):
        VerdictThresholds(achievable=0.5, challenging=0.8)


def test_no_reps_work_nothing_but_the_open_pipeline_still_closes():
    from simulator import simulate

    nobody = replace(BASE, reps=0, new_reps=0, capacity_per_rep=None, trials=2000, horizon_months=6)
    assert nobody.capacity_by_month() == [0.0] * 6
    result = simulate(nobody)
    assert result.worked.sum() == 0
    assert (result.deals == 0).all()  # by every month, in every trial, exactly
    assert result.backlog[:, -1].sum() == result.qualified.sum()  # the opportunities wait for a rep

    # The open pipeline is already being worked: it closes without reps.
    pipeline = simulate(replace(nobody, open_pipeline=200, win_rate=Range.known(0.5)))
    assert pipeline.deals.sum(axis=1).min() > 0
    assert pipeline.worked.sum() == 0


def test_without_a_capacity_limit_reps_only_add_cost():
    from simulator import simulate

    one = simulate(replace(BASE, reps=1, trials=2000, cost_per_rep=1000.0))
    many = simulate(replace(BASE, reps=50, trials=2000, cost_per_rep=1000.0))
    assert (one.deals == many.deals).all()
    assert (many.costs > one.costs).all()
    hired = replace(BASE, reps=0, new_reps=1)  # a new hire alone is a team: nothing caps the work
    assert hired.capacity_by_month() == [math.inf] * hired.horizon_months
