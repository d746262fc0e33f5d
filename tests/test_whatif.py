"""Goal seek and sensitivity, checked by simulating again at the answers."""

import math
from dataclasses import replace

import pytest

from simulator import Direction, Metric, Range, Scenario, Target, simulate
from simulator.analysis.capacity import capacity_report, hiring_plan
from simulator.analysis.goal_seek import goal_seek, requirement, resolution
from simulator.analysis.levers import Lever, levers_of, moved, odds
from simulator.analysis.reverse_funnel import reverse_funnel
from simulator.analysis.sensitivity import most_important, sensitivity
from simulator.analysis.summaries import summarize
from simulator.analysis.what_would_it_take import what_would_it_take

CONFIDENCE = 0.8
TRIALS = 4000
SE = math.sqrt(CONFIDENCE * (1 - CONFIDENCE) / TRIALS)
# A capacity limit that binds (36 opportunities a month against about 44 qualified).
CAPPED = Scenario(
    horizon_months=6,
    traffic=Range(2500.0, 3500.0),
    visit_to_lead=Range(0.03, 0.05),
    lead_to_qualified=Range(0.3, 0.45),
    win_rate=Range(0.2, 0.3),
    deal_size=Range(2000.0, 9000.0),
    reps=3,
    capacity_per_rep=12.0,
    sales_cycle_months=1,
    target=Target(value=22, deadline_month=4),
    trials=TRIALS,
    seed=3,
)
UNCAPPED = replace(
    CAPPED, capacity_per_rep=None, target=Target(metric=Metric.REVENUE, value=250_000, deadline_month=4)
)


@pytest.mark.parametrize(("scenario", "reachable"), [(CAPPED, 5), (UNCAPPED, 5)], ids=["capped", "uncapped"])
def test_each_answer_reaches_the_confidence_and_one_step_less_does_not(scenario, reachable):
    assert odds(scenario) < CONFIDENCE
    answers = [a for a in goal_seek(scenario, CONFIDENCE) if a.needed is not None]
    assert len(answers) >= reachable
    for answer in answers:
        at_needed = odds(moved(scenario, answer.lever, answer.step))
        assert at_needed == answer.odds_at_needed
        assert at_needed >= CONFIDENCE, answer
        if answer.lever is not Lever.REPS:  # a whole rep can move the odds by more than that
            assert at_needed <= CONFIDENCE + 2 * SE, answer
        below = odds(moved(scenario, answer.lever, answer.step - resolution(scenario, answer.lever)))
        assert below < CONFIDENCE, answer
        if answer.lever is Lever.SALES_CYCLE:  # a shorter cycle closes more by the deadline
            assert answer.needed < answer.current
            assert "shorter" in answer.sentence
        else:
            assert answer.needed > answer.current


def test_the_sales_cycle_is_a_lever_only_when_there_is_one():
    assert Lever.SALES_CYCLE in levers_of(CAPPED)
    assert Lever.SALES_CYCLE not in levers_of(replace(CAPPED, sales_cycle_months=0))
    assert Lever.SALES_CYCLE not in levers_of(replace(CAPPED, target=Target(metric=Metric.LEADS, value=400)))
    # "Cycle 8% shorter": a step of -log(0.92) makes the cycle 0.92 of today's, and the odds never fall.
    shorter = moved(CAPPED, Lever.SALES_CYCLE, -math.log(0.92))
    assert shorter.sales_cycle_months == pytest.approx(0.92)
    assert odds(shorter) >= odds(CAPPED)


def test_unreachable_levers_say_so():
    impossible = replace(CAPPED, target=Target(value=10_000, deadline_month=4))
    answers = goal_seek(impossible, CONFIDENCE)
    assert all(a.needed is None for a in answers)
    assert all("not reachable within" in a.sentence for a in answers)


def test_team_levers_only_with_a_capacity_limit():
    assert Lever.REPS in levers_of(CAPPED)
    assert Lever.REPS not in levers_of(UNCAPPED)


def test_goal_seek_needs_an_at_least_target():
    at_most = replace(
        CAPPED, target=Target(metric=Metric.CAC, direction=Direction.AT_MOST, value=500, deadline_month=4)
    )
    with pytest.raises(ValueError, match="at-least"):
        requirement(at_most, Lever.WIN_RATE, CONFIDENCE)


@pytest.mark.parametrize("scenario", [CAPPED, UNCAPPED], ids=["capped", "uncapped"])
def test_tornado_signs_follow_monotonicity_and_bars_are_sorted(scenario):
    base = odds(scenario)
    bars = sensitivity(scenario)
    assert [b.effect for b in bars] == sorted((b.effect for b in bars), reverse=True)
    for bar in bars:
        assert bar.odds_low <= base <= bar.odds_high, bar
    assert most_important(bars).startswith(bars[0].lever.label.capitalize())


def test_progress_reaches_one():
    seen = []
    goal_seek(CAPPED, CONFIDENCE, progress=seen.append)
    assert seen[-1] == 1
    assert seen == sorted(seen)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        # 30 deals / 25% win / 37.5% qualify / 4% convert, by hand
        (Target(value=30, deadline_month=4), [30 / 0.25 / 0.375 / 0.04, 30 / 0.25 / 0.375, 30 / 0.25, 30]),
        (Target(metric=Metric.QUALIFIED, value=90, deadline_month=4), [90 / 0.375 / 0.04, 90 / 0.375, 90]),
        (Target(metric=Metric.TRAFFIC, value=9000, deadline_month=4), [9000]),
    ],
)
def test_reverse_funnel_by_hand(target, expected):
    scenario = replace(UNCAPPED, target=target)
    steps = reverse_funnel(scenario)
    assert [s.average for s in steps] == pytest.approx(expected)


def test_reverse_funnel_of_revenue_divides_by_the_mean_deal_size():
    scenario = replace(UNCAPPED, deal_size=Range.known(5000.0))
    (*_, deals) = reverse_funnel(scenario)
    assert deals.average == pytest.approx(250_000 / 5000)


def test_reverse_funnel_at_confidence_asks_for_more_than_the_average():
    steps = reverse_funnel(replace(UNCAPPED, target=Target(value=30, deadline_month=4)), CONFIDENCE)
    for step in steps:
        assert step.at_confidence > step.average


def test_hiring_plan_reaches_the_confidence_and_one_hire_less_does_not():
    scenario = replace(
        CAPPED,
        cost_per_rep=6000.0,
        ramp_productivity=0.5,
        ramp_months=2,
        target=Target(value=32, deadline_month=5),
    )
    plan = hiring_plan(scenario, CONFIDENCE)
    hires = int(plan.requirement.needed)
    assert hires >= 1
    assert odds(replace(scenario, new_reps=hires)) >= CONFIDENCE
    assert odds(replace(scenario, new_reps=hires - 1)) < CONFIDENCE
    assert plan.monthly_cost == hires * 6000
    assert plan.cost_to_deadline == hires * 6000 * 5
    # A slower ramp never needs fewer hires.
    slower = hiring_plan(replace(scenario, ramp_productivity=0.2, ramp_months=4), CONFIDENCE)
    assert slower.requirement.needed is None or slower.requirement.needed >= hires


def test_capacity_report_says_when_capacity_binds():
    binding = capacity_report(summarize(simulate(CAPPED)).backlog_median)
    assert binding.binds_from == 1
    assert "binds from month 1" in binding.sentence
    assert "grows" in binding.sentence
    assert capacity_report(summarize(simulate(UNCAPPED)).backlog_median).binds_from is None


def test_all_answers_together_report_progress_to_the_end():
    seen = []
    answer = what_would_it_take(CAPPED, CONFIDENCE, progress=seen.append)
    assert seen[-1] == 1
    assert seen == sorted(seen)
    assert answer.hiring is not None
    assert len(answer.requirements) == len(levers_of(CAPPED))
    assert what_would_it_take(UNCAPPED, CONFIDENCE).hiring is None
