"""The marketing budget and each paid channel's spend as levers: which levers a scenario with channels has, how
they move, and goal seek, the tornado and the reverse funnel on them, checked against answers from scipy.stats
and by hand."""

import math
from dataclasses import replace

import pytest
from scipy import optimize, stats

from simulator import Metric, Range, Scenario, Target, simulate
from simulator.analysis.goal_seek import BISECTION_STEPS, requirement, resolution
from simulator.analysis.levers import (
    FUNNEL_LEVERS,
    SCALE_LIMITS,
    ChannelSpend,
    Lever,
    describe_value,
    lever_value,
    levers_of,
    moved,
    odds,
    search_interval,
)
from simulator.analysis.reverse_funnel import reverse_funnel
from simulator.analysis.sensitivity import KNOWN_SWING, sensitivity
from simulator.analysis.targets import odds_of
from simulator.model.channels import Channel, ChannelKind, SpendChange
from tests.conftest import Z_TOLERANCE, proportion_se

slow = pytest.mark.slow
CONFIDENCE = 0.8


def known(value):
    return Range.known(value)


# An organic website, paid search (leads, a ceiling, a campaign in month 2), social (paid visits) and events: paid,
# but nothing spent outside a campaign in month 2.
WEBSITE = Channel(
    name="Website",
    volume=known(2000.0),
    growth=0.1,
    spend=1500.0,
    visit_to_lead=Range(0.04, 0.06),
    lead_to_qualified=Range(0.25, 0.35),
)
SEARCH = Channel(
    name="Paid search",
    kind="paid",
    unit="leads",
    spend=8000.0,
    spend_changes=(SpendChange(2, 2, 12_000.0),),
    cost_per=known(50.0),
    most_per_month=300.0,
    lead_to_qualified=Range(0.3, 0.5),
)
SOCIAL = Channel(
    name="Social",
    kind="paid",
    unit="visits",
    spend=3000.0,
    cost_per=known(2.0),
    visit_to_lead=Range(0.01, 0.03),
    lead_to_qualified=Range(0.4, 0.6),
)
EVENTS = Channel(
    name="Events",
    kind="paid",
    unit="leads",
    spend=0.0,
    spend_changes=(SpendChange(2, 2, 20_000.0),),
    cost_per=known(80.0),
    lead_to_qualified=Range(0.2, 0.4),
)
CHANNELS = Scenario(
    horizon_months=3,
    channels=(WEBSITE, SEARCH, SOCIAL, EVENTS),
    win_rate=Range(0.2, 0.3),
    deal_size=Range(2000.0, 9000.0),
    target=Target(value=100, deadline_month=3),
    trials=2000,
    seed=5,
)
PAID_WITH_SPEND = [ChannelSpend(SEARCH.name), ChannelSpend(SOCIAL.name)]
#: The levers the channels stand in for: each channel has its own traffic and top two rates.
TRAFFIC_LEVERS = set(FUNNEL_LEVERS[:3])


# --- which levers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, [Lever.BUDGET, *PAID_WITH_SPEND, Lever.WIN_RATE]),
        ({"target": Target(metric=Metric.LEADS, value=400, deadline_month=3)}, [Lever.BUDGET, *PAID_WITH_SPEND]),
        (
            {"target": Target(metric=Metric.QUALIFIED, value=90, deadline_month=3)},
            [Lever.BUDGET, *PAID_WITH_SPEND],
        ),
        (
            {"target": Target(metric=Metric.TRAFFIC, value=9000, deadline_month=3)},
            [Lever.BUDGET, *PAID_WITH_SPEND],
        ),
        # One paid channel with spend: its spend is the budget, no lever of its own for that.
        ({"channels": (WEBSITE, SEARCH, EVENTS)}, [ChannelSpend(SEARCH.name), Lever.WIN_RATE]),
        ({"channels": (WEBSITE,)}, [Lever.WIN_RATE]),
        ({"target": Target(metric=Metric.WIN_RATE, value=0.25, deadline_month=3)}, [Lever.WIN_RATE]),
        ({"target": Target(metric=Metric.VISIT_TO_LEAD, value=0.05, deadline_month=3)}, []),
        ({"target": Target(metric=Metric.LEAD_TO_QUALIFIED, value=0.3, deadline_month=3)}, []),
    ],
    ids=[
        "deals",
        "leads",
        "qualified",
        "visits",
        "one paid channel with spend",
        "organic only",
        "win rate",
        "visit to lead",
        "lead to qualified",
    ],
)
def test_channels_replace_the_traffic_levers_with_their_spend(changes, expected):
    scenario = replace(CHANNELS, **changes)
    levers = levers_of(scenario)
    assert levers == expected
    assert not TRAFFIC_LEVERS & set(levers)
    assert ChannelSpend(EVENTS.name) not in levers  # nothing spent outside its campaign: no lever


def test_money_and_team_levers_stay_with_channels():
    scenario = replace(
        CHANNELS,
        reps=3,
        capacity_per_rep=30.0,
        sales_cycle_months=1.5,
        target=Target(metric=Metric.REVENUE, value=400_000, deadline_month=3),
    )
    levers = levers_of(scenario)
    assert levers[:3] == [Lever.BUDGET, *PAID_WITH_SPEND]
    assert set(levers[3:]) == {
        Lever.WIN_RATE,
        Lever.DEAL_SIZE,
        Lever.REPS,
        Lever.CAPACITY_PER_REP,
        Lever.SALES_CYCLE,
    }
    assert len(levers) == len(set(levers))


# Without channels, the levers the rules gave before channels existed (by hand from levers_of's docstring).
CAPPED = Scenario(reps=3, capacity_per_rep=12.0, sales_cycle_months=1.0)
FUNNEL = [Lever.TRAFFIC, Lever.VISIT_TO_LEAD, Lever.LEAD_TO_QUALIFIED, Lever.WIN_RATE]


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (Scenario(), FUNNEL),
        (Scenario(target=Target(metric=Metric.LEADS, value=400)), FUNNEL[:2]),
        (Scenario(target=Target(metric=Metric.TRAFFIC, value=9000)), FUNNEL[:1]),
        (Scenario(target=Target(metric=Metric.LEAD_TO_QUALIFIED, value=0.3)), [Lever.LEAD_TO_QUALIFIED]),
        (CAPPED, [*FUNNEL, Lever.REPS, Lever.CAPACITY_PER_REP, Lever.SALES_CYCLE]),
        (
            replace(CAPPED, target=Target(metric=Metric.REVENUE, value=1e5)),
            [*FUNNEL, Lever.DEAL_SIZE, Lever.REPS, Lever.CAPACITY_PER_REP, Lever.SALES_CYCLE],
        ),
    ],
    ids=["default", "leads", "visits", "rate", "capped", "revenue"],
)
def test_without_channels_the_levers_are_unchanged(scenario, expected):
    assert levers_of(scenario) == expected
    assert Lever.BUDGET not in levers_of(scenario)


# --- how spend levers move ---------------------------------------------------------------------------------------


def test_the_budget_lever_scales_every_paid_channels_spend_campaigns_included():
    doubled = moved(CHANNELS, Lever.BUDGET, math.log(2))
    for before, after in zip(CHANNELS.channels, doubled.channels, strict=True):
        if before.kind is ChannelKind.ORGANIC:
            assert after == before
            continue
        assert after.spend == pytest.approx(2 * before.spend)
        assert after.spend_by_month(3) == pytest.approx(2 * before.spend_by_month(3))
        assert [(c.first, c.last) for c in after.spend_changes] == [
            (c.first, c.last) for c in before.spend_changes
        ]
        assert replace(after, spend=before.spend, spend_changes=before.spend_changes) == before
    assert moved(CHANNELS, Lever.BUDGET, 0.0) == CHANNELS


def test_a_channels_spend_lever_moves_that_channel_alone():
    lever = ChannelSpend(SOCIAL.name)
    halved = moved(CHANNELS, lever, math.log(0.5))
    for before, after in zip(CHANNELS.channels, halved.channels, strict=True):
        if before.name == SOCIAL.name:
            assert after.spend == pytest.approx(before.spend / 2)
        else:
            assert after == before
    assert lever_value(halved, lever) == pytest.approx(SOCIAL.spend / 2)


def test_spend_levers_read_as_money_a_month():
    budget = SEARCH.spend + SOCIAL.spend  # today's spend a month (events spend nothing outside the campaign)
    assert lever_value(CHANNELS, Lever.BUDGET) == budget
    assert lever_value(moved(CHANNELS, Lever.BUDGET, math.log(2)), Lever.BUDGET) == pytest.approx(2 * budget)
    assert lever_value(CHANNELS, ChannelSpend(SEARCH.name)) == SEARCH.spend
    assert describe_value(Lever.BUDGET, budget) == "$11,000/month"
    assert describe_value(ChannelSpend(SEARCH.name), 8000.0) == "$8,000/month"
    assert Lever.BUDGET.label == "marketing budget"
    assert ChannelSpend(SEARCH.name).label == "Paid search spend"
    # A tenth to ten times today's spend; nothing to scale for a channel that spends nothing.
    assert search_interval(CHANNELS, Lever.BUDGET) == pytest.approx((math.log(0.1), math.log(10)))
    assert search_interval(CHANNELS, ChannelSpend(EVENTS.name)) == (0.0, 0.0)


# --- goal seek on one channel's spend against the Poisson -------------------------------------------------------

COST, MONTHS, LEADS_TARGET = 50.0, 3, 330
ONE_PAID = Scenario(
    horizon_months=6,
    channels=(Channel(name="Paid search", kind="paid", unit="leads", spend=5000.0, cost_per=known(COST)),),
    target=Target(metric=Metric.LEADS, value=LEADS_TARGET, deadline_month=MONTHS),
    trials=4000,
)


def exact_odds(spend: float) -> float:
    """P(leads by the deadline >= target): Poisson(spend / cost x months) leads, at a known cost and no ceiling."""
    return float(stats.poisson.sf(LEADS_TARGET - 1, spend / COST * MONTHS))


def spend_for_odds(share: float) -> float:
    """The spend whose exact odds are `share` (the odds rise continuously with the Poisson mean)."""
    return optimize.brentq(lambda spend: exact_odds(spend) - share, 1.0, 1e6, xtol=1e-9)


@slow
@pytest.mark.parametrize("seed", [3, 2024, 987654])
def test_goal_seek_on_a_channels_spend_finds_the_poisson_answer(seed):
    scenario = replace(ONE_PAID, seed=seed)
    lever = ChannelSpend("Paid search")
    answer = requirement(scenario, lever, CONFIDENCE)
    assert answer.needed is not None
    assert answer.needed > answer.current == 5000.0
    assert answer.needed == pytest.approx(5000.0 * math.exp(answer.step))
    assert "Paid search spend >= $" in answer.sentence
    assert answer.sentence.endswith("/month (now $5,000/month)")
    # Bisection leaves the step within one resolution (1/2**BISECTION_STEPS of the search interval) above the
    # crossing of the simulated odds; those are within Z_TOLERANCE standard errors of the exact ones.
    step = resolution(scenario, lever)
    low, high = SCALE_LIMITS
    assert step == pytest.approx(math.log(high / low) / 2**BISECTION_STEPS)  # a factor of 1.0045
    slack = Z_TOLERANCE * proportion_se(CONFIDENCE, scenario.trials)
    assert (
        spend_for_odds(CONFIDENCE - slack) <= answer.needed <= spend_for_odds(CONFIDENCE + slack) * math.exp(step)
    )
    # The simulated odds themselves: reached at the answer, not one resolution below.
    at_needed = odds(moved(scenario, lever, answer.step))
    assert at_needed == answer.odds_at_needed
    assert at_needed >= CONFIDENCE
    assert odds(moved(scenario, lever, answer.step - step)) < CONFIDENCE


# --- the tornado -----------------------------------------------------------------------------------------------


def test_spend_swings_raise_the_odds_and_the_tornado_has_only_levers_the_scenario_uses():
    base = odds(CHANNELS)
    assert 0.05 < base < 0.95  # the swings can show
    bars = sensitivity(CHANNELS)
    assert {Lever.BUDGET, *PAID_WITH_SPEND} <= {bar.lever for bar in bars}
    assert {bar.lever for bar in bars} == set(levers_of(CHANNELS))
    unused = TRAFFIC_LEVERS | {Lever.DEAL_SIZE, Lever.REPS, Lever.CAPACITY_PER_REP, Lever.SALES_CYCLE}
    assert not unused & {bar.lever for bar in bars}
    for bar in bars:
        assert bar.odds_low <= base <= bar.odds_high, bar
        if bar.lever is Lever.BUDGET or isinstance(bar.lever, ChannelSpend):
            value = lever_value(CHANNELS, bar.lever)
            assert bar.odds_high > bar.odds_low, bar  # 10% more spend wins more deals somewhere
            assert bar.low_label == describe_value(bar.lever, value * (1 - KNOWN_SWING))
            assert bar.high_label == describe_value(bar.lever, value * (1 + KNOWN_SWING))


# --- the reverse funnel ---------------------------------------------------------------------------------------


def blended_lead_to_qualified() -> float:
    """Qualified / leads of the channels' mix over months 1-3, by hand: each channel's mean leads a month (known
    volumes and costs) at the middle of its visit -> lead range, times the middle of its lead -> qualified one."""
    leads = {
        WEBSITE.name: 2000.0 * (1 + 1.1 + 1.1**2) / 3 * 0.05,
        SEARCH.name: 300.0 * (2 * math.tanh(8000.0 / (300.0 * 50.0)) + math.tanh(12_000.0 / (300.0 * 50.0))) / 3,
        SOCIAL.name: 3000.0 / 2.0 * 0.02,
        EVENTS.name: 20_000.0 / 80.0 / 3,
    }
    rates = {WEBSITE.name: 0.3, SEARCH.name: 0.4, SOCIAL.name: 0.5, EVENTS.name: 0.3}
    return sum(leads[name] * rates[name] for name in leads) / sum(leads.values())


@pytest.mark.parametrize(
    "target",
    [Target(value=100, deadline_month=3), Target(metric=Metric.REVENUE, value=500_000, deadline_month=3)],
    ids=["deals", "revenue"],
)
def test_the_reverse_funnel_with_channels_starts_at_leads_with_the_blended_rate(target):
    scenario = replace(CHANNELS, target=target)
    steps = reverse_funnel(scenario, CONFIDENCE)
    assert [s.stage for s in steps] == ["Leads", "Qualified opportunities", "Won deals"]
    leads, qualified, deals = steps
    assert qualified.average / leads.average == pytest.approx(blended_lead_to_qualified())
    assert deals.average / qualified.average == pytest.approx(0.25)  # the win rate's middle
    # The confidence column raises the budget until the target is hit in 80% of trials.
    assert deals.at_confidence is not None
    assert deals.at_confidence >= deals.average


def test_the_reverse_funnel_of_a_leads_target_with_channels_is_the_target():
    steps = reverse_funnel(replace(CHANNELS, target=Target(metric=Metric.LEADS, value=900, deadline_month=3)))
    assert [(s.stage, s.average) for s in steps] == [("Leads", 900.0)]


def test_the_blended_rate_weighs_the_targets_months_only():
    # The same target by month 3; months 4-12 (the website growing, events spending nothing) add no lead to it.
    short = reverse_funnel(replace(CHANNELS, trials=500), CONFIDENCE)
    longer = reverse_funnel(replace(CHANNELS, horizon_months=12, trials=500), CONFIDENCE)
    assert [s.average for s in longer] == pytest.approx([s.average for s in short])


def test_the_odds_of_a_scenario_with_a_campaign_after_the_deadline():
    later = replace(EVENTS, spend_changes=(*EVENTS.spend_changes, SpendChange(9, 9, 20_000.0)))
    scenario = replace(CHANNELS, horizon_months=12, channels=(WEBSITE, SEARCH, SOCIAL, later), trials=500)
    # Months after the deadline do not change the trials before it.
    assert odds(scenario) == odds_of(simulate(scenario), scenario.target)[0]
