"""Goal breakdown: arithmetic and the activity table against hand-computed cases."""

import csv
import io
from dataclasses import replace

import pytest

from simulator import InputError, Metric, Range, Scenario
from simulator.analysis.breakdown import (
    DEFAULT_ACTIVITIES,
    WEEKS_PER_MONTH,
    Activity,
    break_down,
    monthly_shares,
    plan_csv,
    weekly_activities,
)

FUNNEL = Scenario(
    visit_to_lead=Range.known(0.03),
    lead_to_qualified=Range.known(0.4),
    win_rate=Range.known(0.25),
    deal_size=Range.known(10_000.0),
    reps=3,
    new_reps=1,
    trials=2000,
    seed=4,
)


def test_flat_goal_splits_by_four_and_twelve_and_per_rep():
    plan = break_down(480, Metric.DEALS, FUNNEL)
    assert [q.target for q in plan.quarters] == [120] * 4
    assert [m.target for m in plan.months] == pytest.approx([40] * 12)
    assert plan.reps == 4  # new hires share the goal
    assert plan.months[0].per_rep == pytest.approx(10)
    assert plan.adds_up


def test_seasonality_weights_by_hand():
    weights = [2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2]  # sum 16
    plan = break_down(1600, Metric.DEALS, FUNNEL, seasonality=weights)
    assert [q.target for q in plan.quarters] == pytest.approx([600, 300, 300, 400])
    assert plan.months[0].target == pytest.approx(200)
    assert plan.adds_up


def test_weekly_activities_by_hand():
    # $1.2M a year over 4 reps: $25,000 a rep a month = 2.5 deals -> 10 qualified -> 25 leads.
    plan = break_down(1_200_000, Metric.REVENUE, FUNNEL)
    monthly = {name: value * WEEKS_PER_MONTH for name, value in plan.weekly_activities.items()}
    assert monthly["Won deals"] == pytest.approx(2.5)
    assert monthly["Qualified opportunities"] == pytest.approx(10)
    assert monthly["Leads"] == pytest.approx(25)
    assert monthly["New contacts"] == pytest.approx(250)  # 10 per lead
    assert monthly["Calls"] == pytest.approx(100)  # 4 per lead
    assert monthly["Meetings / demos"] == pytest.approx(15)  # 1.5 per qualified
    assert monthly["Proposals"] == pytest.approx(6)  # 0.6 per qualified


def test_an_edited_activity_table_is_used():
    table = [*DEFAULT_ACTIVITIES[:1], Activity("Discovery calls", "qualified", 2.0)]
    weekly = weekly_activities(5.0, Metric.QUALIFIED, FUNNEL, table)
    assert weekly["Discovery calls"] * WEEKS_PER_MONTH == pytest.approx(10)
    assert weekly["New contacts"] * WEEKS_PER_MONTH == pytest.approx(5 / 0.4 * 10)
    assert "Won deals" not in weekly


def test_period_odds_fall_as_the_goal_rises_and_a_zero_goal_is_certain():
    low, high = (break_down(goal, Metric.DEALS, FUNNEL) for goal in (300, 700))
    assert all(q.probability == 1 for q in break_down(0, Metric.DEALS, FUNNEL).quarters)
    for a, b in zip(low.quarters + low.months, high.quarters + high.months, strict=True):
        assert b.probability <= a.probability


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ([1] * 11, "seasonality"),
        ([1] * 11 + [-1], "seasonality[Dec]"),
        ([0] * 12, "seasonality"),
        ([float("nan")] + [1] * 11, "seasonality[Jan]"),
    ],
)
def test_bad_seasonality_is_named(weights, field):
    with pytest.raises(InputError) as caught:
        monthly_shares(weights)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"annual_goal": -5, "metric": Metric.DEALS}, "annual_goal"),
        ({"annual_goal": 100, "metric": Metric.CAC}, "metric"),
    ],
)
def test_bad_goals_are_named(kwargs, field):
    with pytest.raises(InputError) as caught:
        break_down(scenario=FUNNEL, **kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("activity", "fragment"),
    [
        (("Calls", "deal", 1.0), "'lead' or 'qualified'"),
        (("Calls", "lead", -1.0), "0 or more"),
    ],
)
def test_bad_activities_are_named(activity, fragment):
    with pytest.raises(InputError, match=fragment):
        Activity(*activity)


def test_plan_csv_has_every_period_and_safe_activity_names():
    plan = break_down(
        480, Metric.DEALS, replace(FUNNEL, trials=500), activities=[Activity("=HYPERLINK(1)", "lead", 1.0)]
    )
    text = plan_csv(plan)
    periods, activities = text.split("\r\n\r\n")
    rows = list(csv.DictReader(io.StringIO(periods)))
    assert [r["period"] for r in rows[:4]] == ["Q1", "Q2", "Q3", "Q4"]
    assert len(rows) == 16
    assert float(rows[0]["target"]) == 120
    assert "'=HYPERLINK(1)" in activities
