"""The best split of a marketing budget against answers derived by hand, and its figures against the simulation.

Two paid channels that bring leads at known costs, one without a ceiling (A) and one cheaper with a ceiling (B),
have an optimum that can be written down: B's marginal leads per dollar, ``(1 / cB) sech^2(s / (b cB))``, falls
from ``1 / cB`` as its spend grows, and A's stays ``1 / cA``. So B takes the budget until its marginal meets A's,

    s_B* = b cB arccosh(sqrt(cA / cB)),

and A takes the rest. The greedy allocation gives the budget away in :data:`INCREMENTS` steps, each to the channel
whose next step adds the most, so it stops within one step of the hand answer. The expected values the split
reports are checked against the simulated means within Z_TOLERANCE standard errors; the odds and gross profit
changes against the paired simulation itself, exactly.
"""

import math
import re
from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate, special, stats

from simulator import InputError, Metric, Range, Scenario, Target, Window, simulate
from simulator.analysis.budget import (
    COUNTED,
    INCREMENTS,
    SpendLimits,
    best_split,
    response_curve,
    split_by_shares,
)
from simulator.analysis.levers import odds
from simulator.analysis.targets import hits, odds_of
from simulator.analysis.windows import figure_values, target_values
from simulator.model.channels import Channel, ChannelKind, SpendChange, saturating_response
from simulator.model.distributions import Z95, amount_quantile, lognormal_parameters
from tests.conftest import Z_TOLERANCE

slow = pytest.mark.slow


def known(value):
    return Range.known(value)


# --- two paid leads channels with a known optimum ------------------------------------------------------------

COST_A, COST_B, MOST_B = 100.0, 40.0, 200.0
L2Q, WIN_RATE, DEAL_SIZE, MARGIN = 0.4, 0.25, 5000.0, 0.8
#: Gross profit of one lead: margin x deal size x win rate x lead -> qualified rate (400 with the numbers above).
LEAD_PROFIT = MARGIN * DEAL_SIZE * WIN_RATE * L2Q
A = Channel(
    name="Events", kind="paid", unit="leads", spend=5000.0, cost_per=known(COST_A), lead_to_qualified=known(L2Q)
)
B = Channel(
    name="Paid search",
    kind="paid",
    unit="leads",
    spend=5000.0,
    cost_per=known(COST_B),
    most_per_month=MOST_B,
    lead_to_qualified=known(L2Q),
)
WEBSITE = Channel(name="Website", volume=known(1000.0), visit_to_lead=known(0.05), lead_to_qualified=known(L2Q))
TWO_PAID = Scenario(
    horizon_months=3,
    channels=(WEBSITE, A, B),
    win_rate=known(WIN_RATE),
    deal_size=known(DEAL_SIZE),
    gross_margin=MARGIN,
    target=Target(metric=Metric.LEADS, value=1, deadline_month=3),
    trials=500,
)


def b_spend_where_marginals_meet(cost_a: float, cost_b: float, most_b: float) -> float:
    """B's spend where its marginal (1 / cB) sech^2(s / (b cB)) falls to A's 1 / cA (by hand, above)."""
    return most_b * cost_b * math.acosh(math.sqrt(cost_a / cost_b))


def with_costs(cost_a: float, cost_b: float) -> tuple[Channel, ...]:
    return (WEBSITE, replace(A, cost_per=known(cost_a)), replace(B, cost_per=known(cost_b)))


def test_the_hand_answer_is_where_the_marginals_meet():
    # A check of the derivation itself: at s_B* one more dollar buys as many leads from B as from A.
    s_b = b_spend_where_marginals_meet(COST_A, COST_B, MOST_B)
    marginal_b = (1 / COST_B) / math.cosh(s_b / (MOST_B * COST_B)) ** 2
    assert marginal_b == pytest.approx(1 / COST_A, rel=1e-12)
    assert 0 < s_b < 40_000  # inside the budgets below, so both branches are reached


@pytest.mark.parametrize("metric", [Metric.LEADS, Metric.QUALIFIED, Metric.DEALS, Metric.REVENUE])
@pytest.mark.parametrize("budget", [3000.0, 8000.0, 12_000.0, 40_000.0])
def test_the_split_is_the_hand_optimum_within_one_increment(metric, budget):
    # Every objective but leads is leads times the same known rates (and deal size): the same optimum.
    scenario = replace(TWO_PAID, target=Target(metric=metric, value=1, deadline_month=3))
    split = best_split(scenario, budget)
    step = budget / INCREMENTS
    s_b = b_spend_where_marginals_meet(COST_A, COST_B, MOST_B)
    assert split.objective == COUNTED[metric]
    assert set(split.proposed) == {A.name, B.name}  # the organic channel is not split
    assert sum(split.proposed.values()) == pytest.approx(budget, rel=1e-9)
    if budget <= s_b:  # B's marginal is above A's all the way: everything goes to B
        assert split.proposed[B.name] == pytest.approx(budget, rel=1e-9)
        assert split.proposed[A.name] == pytest.approx(0.0, abs=1e-6)
    else:
        assert abs(split.proposed[B.name] - s_b) <= step, (split.proposed, s_b, step)
        assert abs(split.proposed[A.name] - (budget - s_b)) <= step, (split.proposed, s_b, step)


def hand_gross_profit_split(cost_a: float, cost_b: float, budget: float) -> dict[str, float]:
    """The optimum of expected gross profit: a dollar is spent only while it earns more than a dollar.

    B's next dollar earns LEAD_PROFIT x (1 / cB) sech^2(s / (b cB)) and A's LEAD_PROFIT / cA; each is worth it
    while above 1. When A's is, every dollar is spent and the split is the leads one.
    """
    if LEAD_PROFIT / cost_a > 1:
        s_b = min(budget, b_spend_where_marginals_meet(cost_a, cost_b, MOST_B))
        return {A.name: budget - s_b, B.name: s_b}
    worth_b = LEAD_PROFIT / cost_b > 1
    s_b = MOST_B * cost_b * math.acosh(math.sqrt(LEAD_PROFIT / cost_b)) if worth_b else 0.0
    return {A.name: 0.0, B.name: min(budget, s_b)}


@pytest.mark.parametrize(
    ("cost_a", "cost_b", "budget"),
    [
        (100.0, 40.0, 30_000.0),  # A earns 4 a dollar: every dollar is spent
        (500.0, 40.0, 30_000.0),  # A earns 0.8 a dollar: B up to where its next dollar earns 1, the rest kept
        (500.0, 40.0, 10_000.0),  # ... a budget B alone spends at a profit
        (600.0, 500.0, 20_000.0),  # neither earns its first dollar back: nothing spent
    ],
)
@pytest.mark.parametrize(
    "target",
    [
        Target(metric=Metric.GROSS_PROFIT, value=1, deadline_month=3),
        Target(metric=Metric.CAC, direction="at_most", value=1000, deadline_month=3),
        Target(metric=Metric.WIN_RATE, value=0.2, deadline_month=3),
    ],
    ids=["gross profit", "cac", "win rate"],
)
def test_gross_profit_leaves_unspent_what_earns_less_than_it_costs(cost_a, cost_b, budget, target):
    scenario = replace(TWO_PAID, channels=with_costs(cost_a, cost_b), target=target)
    split = best_split(scenario, budget)
    step = budget / INCREMENTS
    hand = hand_gross_profit_split(cost_a, cost_b, budget)
    assert split.objective == "gross profit"
    unspent = budget - sum(split.proposed.values())
    assert abs(unspent - (budget - sum(hand.values()))) <= step, (split.proposed, hand)
    for name, spend in hand.items():
        assert abs(split.proposed[name] - spend) <= step, (split.proposed, hand)
    if LEAD_PROFIT / cost_a < 1:
        assert split.proposed[A.name] == 0.0
    # The scenario proposed spends what the split says.
    spends = {c.name: c.spend for c in split.scenario.channels if c.kind is ChannelKind.PAID}
    assert spends == split.proposed


# --- limits --------------------------------------------------------------------------------------------------


def test_a_smallest_spend_is_honoured_and_the_rest_split_as_before():
    # 6,000 is below s_B*: without limits all of it goes to B; A's smallest 2,000 takes that much from B.
    split = best_split(TWO_PAID, 6000.0, {A.name: SpendLimits(low=2000.0)})
    assert split.proposed[A.name] == pytest.approx(2000.0)
    assert split.proposed[B.name] == pytest.approx(4000.0)


@pytest.mark.parametrize(
    ("capped", "high", "other"),
    [(B.name, 5000.0, A.name), (A.name, 3000.0, B.name)],
    ids=["B below its optimum", "A below its optimum"],
)
def test_a_largest_spend_caps_a_channel_and_the_rest_goes_to_the_other(capped, high, other):
    budget = 20_000.0  # without limits: B about 8,254, A the rest
    split = best_split(TWO_PAID, budget, {capped: SpendLimits(high=high)})
    assert split.proposed[capped] == pytest.approx(high)
    assert split.proposed[other] == pytest.approx(budget - high)


def test_the_default_budget_is_what_the_paid_channels_spend_today():
    split = best_split(TWO_PAID)
    assert split.budget == A.spend + B.spend
    assert split.today == {A.name: A.spend, B.name: B.spend}
    assert sum(split.proposed.values()) == pytest.approx(split.budget)


@pytest.mark.parametrize(
    ("scenario", "budget", "limits", "field"),
    [
        (TWO_PAID, -1.0, None, "budget"),
        (TWO_PAID, math.nan, None, "budget"),
        (TWO_PAID, math.inf, None, "budget"),
        (TWO_PAID, 10_000.0, {WEBSITE.name: SpendLimits(high=100.0)}, f"channels.{WEBSITE.name}"),
        (TWO_PAID, 10_000.0, {"Billboards": SpendLimits()}, "channels.Billboards"),
        (TWO_PAID, 10_000.0, {A.name: SpendLimits(low=5000.0, high=4000.0)}, f"channels.{A.name}.limits"),
        (TWO_PAID, 10_000.0, {A.name: SpendLimits(low=-1.0)}, f"channels.{A.name}.limits"),
        (
            TWO_PAID,
            10_000.0,
            {A.name: SpendLimits(low=6000.0), B.name: SpendLimits(low=6000.0)},
            "budget",
        ),
        (
            TWO_PAID,
            10_000.0,
            {A.name: SpendLimits(high=4000.0), B.name: SpendLimits(high=4000.0)},
            "budget",
        ),
        (replace(TWO_PAID, channels=(WEBSITE,)), 10_000.0, None, "channels"),
        (replace(TWO_PAID, channels=()), 10_000.0, None, "channels"),
    ],
    ids=[
        "negative budget",
        "nan budget",
        "infinite budget",
        "organic channel",
        "unknown channel",
        "smallest above largest",
        "negative smallest",
        "budget below the smallest spends",
        "budget above the largest spends",
        "organic channels only",
        "no channels",
    ],
)
def test_bad_inputs_raise_an_error_naming_the_field(scenario, budget, limits, field):
    with pytest.raises(InputError) as error:
        best_split(scenario, budget, limits)
    assert error.value.field == field
    assert str(error.value).startswith(f"{field} = ")


# --- the expected values against the simulation ---------------------------------------------------------------

# Uncertain costs and rates, a ceiling on one channel and not the other, a campaign month, a 1.5-month cycle with
# spread and a window of months 2-4: the expectation's quadrature and cycle weights all matter. No capacity cap.
SEARCH = Channel(
    name="Paid search",
    kind="paid",
    unit="leads",
    spend=8000.0,
    spend_changes=(SpendChange(3, 3, 14_000.0),),
    cost_per=Range(40.0, 90.0),
    most_per_month=150.0,
    lead_to_qualified=Range(0.3, 0.5),
)
SOCIAL = Channel(
    name="Social",
    kind="paid",
    unit="visits",
    spend=3000.0,
    cost_per=Range(1.5, 3.0),
    visit_to_lead=Range(0.01, 0.03),
    lead_to_qualified=Range(0.2, 0.4),
)
ORGANIC = Channel(name="Website", volume=Range(800.0, 1200.0), visit_to_lead=known(0.05), spend=500.0)
UNCERTAIN = Scenario(
    horizon_months=5,
    channels=(ORGANIC, SEARCH, SOCIAL),
    win_rate=Range(0.2, 0.3),
    deal_size=Range(2000.0, 9000.0),
    sales_cycle_months=1.5,
    sales_cycle_spread=0.4,
    gross_margin=0.7,
    target=Target(metric=Metric.DEALS, window=Window.MONTHS, start_month=2, deadline_month=4, value=20),
    trials=20_000,
    seed=7,
)
WINDOW = slice(1, 4)  # months 2-4


def paid_figure(result, objective: str, margin: float) -> np.ndarray:
    """Each trial's total of the objective over the window from the paid channels alone."""
    total = np.zeros(result.trials)
    for c in result.channels:
        if c.channel.kind is not ChannelKind.PAID:
            continue
        if objective == "gross profit":
            total += c.monthly["revenue"][:, WINDOW].sum(axis=1) * margin - c.spend[WINDOW].sum()
        else:
            total += c.monthly[objective][:, WINDOW].sum(axis=1)
    return total


def assert_mean_within_error(values: np.ndarray, exact: float):
    error = values.std(ddof=1) / math.sqrt(values.size)
    assert abs(values.mean() - exact) <= Z_TOLERANCE * error, (values.mean(), exact, error)


@slow
@pytest.mark.parametrize(
    ("metric", "seed"),
    [
        (Metric.LEADS, 7),
        (Metric.QUALIFIED, 8),
        (Metric.DEALS, 7),
        (Metric.DEALS, 2024),
        (Metric.REVENUE, 9),
        (Metric.GROSS_PROFIT, 10),
    ],
)
def test_the_expected_values_are_the_simulated_means_of_the_paid_channels(metric, seed):
    target = replace(UNCERTAIN.target, metric=metric, value=1)
    scenario = replace(UNCERTAIN, target=target, seed=seed)
    split = best_split(scenario, 15_000.0)
    assert split.proposed != split.today  # the proposed split is a scenario of its own
    for expected, spent in ((split.expected_today, scenario), (split.expected_proposed, split.scenario)):
        assert_mean_within_error(paid_figure(simulate(spent), split.objective, scenario.gross_margin), expected)


# --- odds and gross profit: the paired simulation ------------------------------------------------------------


@pytest.mark.parametrize("metric", [Metric.DEALS, Metric.GROSS_PROFIT])
def test_the_changes_are_the_paired_simulated_differences(metric):
    target = replace(UNCERTAIN.target, metric=metric, value=20 if metric is Metric.DEALS else 100_000)
    scenario = replace(UNCERTAIN, target=target, trials=4000)
    split = best_split(scenario, 15_000.0)
    before, after = simulate(scenario), simulate(split.scenario)
    hit_before = hits(target_values(before, target), target).astype(float)
    hit_after = hits(target_values(after, target), target).astype(float)
    change = hit_after - hit_before
    assert split.odds_change == (change.mean(), change.std(ddof=1) / math.sqrt(change.size))
    profit = figure_values(after, "gross_profit", target) - figure_values(before, "gross_profit", target)
    assert split.gross_profit_change == (profit.mean(), profit.std(ddof=1) / math.sqrt(profit.size))
    # The splits differ in some trials.
    assert split.odds_change[1] > 0
    assert split.gross_profit_change[1] > 0
    # Today's odds are the odds of the scenario as it is, as every page reports them; their standard error is the
    # hits' sample one (n - 1 in the variance), not sqrt(p (1 - p) / n), so it agrees to about 1 / (2 n).
    assert split.odds_today[0] == odds_of(before, target)[0] == odds(scenario)
    assert split.odds_today[1] == pytest.approx(odds_of(before, target)[1], rel=1 / scenario.trials)


# --- the response curve -----------------------------------------------------------------------------------------


def mean_visit_to_lead(channel: Channel) -> float:
    """E[visit -> lead] over the logit-normal fitted to the channel's range, by quad (1 for a leads channel)."""
    rate = channel.visit_to_lead
    if rate is None:
        return 1.0
    lo, hi = special.logit(rate.low), special.logit(rate.high)

    def converted(z):
        return special.expit((lo + hi) / 2 + (hi - lo) / (2 * Z95) * z) * stats.norm.pdf(z)

    return integrate.quad(converted, -12, 12, epsabs=0)[0]


def exact_response(channel: Channel, spend: float) -> float:
    """E[most tanh(spend / (most C))] over the lognormal cost C, by quad, times the mean visit -> lead rate."""
    mu, sigma = lognormal_parameters(channel.cost_per)

    def units(z):
        return saturating_response(spend, math.exp(mu + sigma * z), channel.most_per_month) * stats.norm.pdf(z)

    return integrate.quad(units, -12, 12, epsabs=0)[0] * mean_visit_to_lead(channel)


SATURATING = replace(SOCIAL, cost_per=Range(1.5, 4.0), most_per_month=4000.0)
SPENDS = np.linspace(0.0, 30_000.0, 31)


def test_the_response_curve_is_the_expected_leads_by_quadrature():
    curve = response_curve(SATURATING, SPENDS)
    exact = [exact_response(SATURATING, spend) for spend in SPENDS]
    assert curve == pytest.approx(exact, rel=1e-7, abs=1e-9)


def test_the_response_curve_of_a_leads_channel_is_its_monte_carlo_average():
    rng = np.random.default_rng(2024)
    costs = amount_quantile(SEARCH.cost_per, rng.standard_normal(200_000))
    for spend, expected in zip(SPENDS, response_curve(SEARCH, SPENDS), strict=True):
        draws = saturating_response(spend, costs, SEARCH.most_per_month)
        if spend == 0:
            assert expected == 0.0
            continue
        assert_mean_within_error(draws, expected)


def test_the_response_curve_without_a_ceiling_is_spend_times_the_mean_of_one_over_cost():
    linear = replace(SATURATING, most_per_month=None)
    mu, sigma = lognormal_parameters(linear.cost_per)  # 1 / C is lognormal(-mu, sigma)
    per_dollar = math.exp(-mu + sigma**2 / 2) * mean_visit_to_lead(linear)
    assert response_curve(linear, SPENDS) == pytest.approx(SPENDS * per_dollar, rel=1e-9)


@pytest.mark.parametrize("channel", [SATURATING, SEARCH], ids=["visits", "leads"])
def test_the_response_curve_rises_with_spend_at_a_falling_rate(channel):
    curve = response_curve(channel, SPENDS)
    assert curve[0] == 0.0
    assert (np.diff(curve) > 0).all()
    assert (np.diff(curve, 2) < 0).all()
    assert curve[-1] < channel.most_per_month * mean_visit_to_lead(channel)  # never above the ceiling


def test_a_split_by_shares_spends_the_budget_in_those_shares():
    scenario = split_by_shares(TWO_PAID, 10_000.0, {"Events": 0.25, "Paid search": 0.75})
    assert {c.name: c.spend for c in scenario.channels} == {
        "Website": 0.0,
        "Events": 2_500.0,
        "Paid search": 7_500.0,
    }


@pytest.mark.parametrize(
    ("budget", "shares", "field", "words"),
    [
        (10_000.0, {"Events": 0.5, "Paid search": 0.45}, "budget.split", "add up to 100% (now 95.0%)"),
        (10_000.0, {"Events": 1.2, "Paid search": -0.2}, "channels.Events.share", "between 0% and 100%"),
        (10_000.0, {"Events": 0.5, "Website": 0.5}, "channels.Website", "paid channel"),
        (-1.0, {"Events": 0.5, "Paid search": 0.5}, "budget", "0 or more"),
    ],
)
def test_a_split_that_does_not_add_up_is_refused_naming_the_field(budget, shares, field, words):
    with pytest.raises(InputError, match=re.escape(words)) as caught:
        split_by_shares(TWO_PAID, budget, shares)
    assert caught.value.field == field
