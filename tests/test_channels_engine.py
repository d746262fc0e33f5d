"""The engine with lead channels against exact answers from scipy.stats, and its bookkeeping exactly.

Statistical tests (marked slow) run 100,000 trials at several seeds and compare each Monte Carlo figure with
its exact value within Z_TOLERANCE standard errors; the others check identities that hold in every trial.
"""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from simulator import Range, Scenario, Target, Window, simulate
from simulator.analysis.channels import NEXT_SPEND, next_spend
from simulator.engine.work_queue import work_within_capacity, worked_by_channel
from simulator.model.channels import Channel, SpendChange
from simulator.model.distributions import lognormal_parameters
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.test_engine_theory import assert_cdf_matches, assert_mean_matches, known

TRIALS = 100_000
SEEDS = [11, 2024, 987654]
QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]
slow = pytest.mark.slow


def assert_poisson(values, mean):
    """`values` ~ Poisson(`mean`): its mean, and its CDF at the Poisson's quartiles and 5th/95th percentiles."""
    assert_mean_matches(values, mean, mean)
    assert_cdf_matches(values, lambda k: stats.poisson.cdf(k, mean), stats.poisson.ppf(QUANTILES, mean))


def tanh_mean(spend, cost, most):
    """The saturation curve written out: most x tanh(spend / (most x cost))."""
    return most * math.tanh(spend / (most * cost))


# Three channels with known volumes and rates: a website (organic visits, growing), paid search (paid leads,
# a ceiling, a campaign in month 3) and social (paid visits, no ceiling).
WEBSITE = Channel(
    name="Website",
    volume=known(2000.0),
    growth=0.1,
    spend=1500.0,
    visit_to_lead=known(0.05),
    lead_to_qualified=known(0.3),
)
SEARCH = Channel(
    name="Paid search",
    kind="paid",
    unit="leads",
    spend=10_000.0,
    spend_changes=(SpendChange(3, 3, 30_000.0),),
    cost_per=known(50.0),
    most_per_month=200.0,
    lead_to_qualified=known(0.4),
)
SOCIAL = Channel(
    name="Social",
    kind="paid",
    unit="visits",
    spend=4000.0,
    cost_per=known(2.0),
    visit_to_lead=known(0.02),
    lead_to_qualified=known(0.5),
)
WIN_RATE = 0.25
CHANNELS_FUNNEL = Scenario(
    horizon_months=4,
    channels=(WEBSITE, SEARCH, SOCIAL),
    win_rate=known(WIN_RATE),
    deal_size=Range(2000.0, 12000.0),
    target=Target(value=30, deadline_month=4),
    trials=TRIALS,
)
SEARCH_SPEND = {1: 10_000.0, 2: 10_000.0, 3: 30_000.0, 4: 10_000.0}


def mean_leads(channel_name: str, month: int) -> float:
    """Each channel's exact mean leads in `month`, from the inputs above."""
    if channel_name == WEBSITE.name:
        return 2000.0 * 1.1 ** (month - 1) * 0.05
    if channel_name == SEARCH.name:
        return tanh_mean(SEARCH_SPEND[month], 50.0, 200.0)
    return 4000.0 / 2.0 * 0.02


L2Q = {WEBSITE.name: 0.3, SEARCH.name: 0.4, SOCIAL.name: 0.5}


def channel(result, name):
    return next(c for c in result.channels if c.channel.name == name)


# --- the top of each channel's funnel ---------------------------------------------------------------------


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_organic_visits_channel_leads_are_poisson_each_month_and_over_a_window(seed):
    scenario = replace(CHANNELS_FUNNEL, channels=(WEBSITE,))
    website = simulate(scenario, rng=seed).channels[0].monthly
    for month in (1, 4):
        assert_poisson(website["leads"][:, month - 1], 2000.0 * 1.1 ** (month - 1) * 0.05)
    # Months 2-4: independent months of a known mean, so the window is Poisson of the summed means.
    window = sum(2000.0 * 1.1 ** (month - 1) * 0.05 for month in (2, 3, 4))
    assert_poisson(website["leads"][:, 1:4].sum(axis=1), window)
    assert_poisson(website["visits"][:, 1:4].sum(axis=1), window / 0.05)


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_paid_leads_channel_with_a_ceiling_follows_the_saturation_curve_each_month(seed):
    search = simulate(replace(CHANNELS_FUNNEL, channels=(SEARCH,)), rng=seed).channels[0]
    for month, spend in SEARCH_SPEND.items():
        assert_poisson(search.monthly["leads"][:, month - 1], tanh_mean(spend, 50.0, 200.0))
    assert (search.monthly["visits"] == 0).all()
    # The campaign month is far up the curve: 30,000 buys 199 of the 200 leads a month at most, not 600.
    assert search.monthly["leads"][:, 2].mean() < 200


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_paid_leads_channel_without_a_ceiling_buys_spend_over_cost(seed):
    linear = replace(SEARCH, most_per_month=None)
    leads = simulate(replace(CHANNELS_FUNNEL, channels=(linear,)), rng=seed).channels[0].monthly["leads"]
    for month, spend in SEARCH_SPEND.items():
        assert_poisson(leads[:, month - 1], spend / 50.0)


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_uncertain_cost_per_lead_gives_the_poisson_mixture_of_spend_over_cost(seed):
    cost = Range(40.0, 90.0)
    linear = replace(SEARCH, cost_per=cost, most_per_month=None, spend_changes=())
    leads = simulate(replace(CHANNELS_FUNNEL, channels=(linear,)), rng=seed).channels[0].monthly["leads"][:, 0]
    # 1 / cost is lognormal(-mu, sigma): leads have mean s E[1/C] and variance s E[1/C] + s^2 Var(1/C).
    mu, sigma = lognormal_parameters(cost)
    per_cost = math.exp(-mu + sigma**2 / 2)
    per_cost_variance = math.expm1(sigma**2) * per_cost**2
    assert_mean_matches(leads, 10_000.0 * per_cost, 10_000.0 * per_cost + 10_000.0**2 * per_cost_variance)


@slow
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("channel_name", "drawn_name", "given"),
    [
        ("Paid search", "cost_per", Range(40.0, 90.0)),
        ("Paid search", "lead_to_qualified", Range(0.2, 0.5)),
        ("Website", "volume", Range(1500.0, 2500.0)),
        ("Website", "visit_to_lead", Range(0.03, 0.07)),
    ],
)
def test_a_channels_drawn_inputs_have_the_range_as_5th_and_95th_percentiles(seed, channel_name, drawn_name, given):
    # The drawn input's name is the channel field it comes from.
    channels = tuple(
        replace(c, **{drawn_name: given}) if c.name == channel_name else c for c in CHANNELS_FUNNEL.channels
    )
    result = simulate(replace(CHANNELS_FUNNEL, channels=channels), rng=seed)
    drawn = channel(result, channel_name).drawn[drawn_name]
    tolerance = Z_TOLERANCE * proportion_se(0.05, drawn.size)
    assert abs(np.mean(drawn <= given.low) - 0.05) <= tolerance
    assert abs(np.mean(drawn >= given.high) - 0.05) <= tolerance


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_three_channels_qualified_sum_to_the_total_and_are_poisson_of_the_summed_means(seed):
    result = simulate(CHANNELS_FUNNEL, rng=seed)
    each = {c.channel.name: c.monthly for c in result.channels}
    for stage in ("visits", "leads", "qualified"):
        assert np.array_equal(sum(figures[stage] for figures in each.values()), getattr(result, stage)), stage
    # Only the channels that bring visits have any.
    assert np.array_equal(result.visits, each[WEBSITE.name]["visits"] + each[SOCIAL.name]["visits"])
    month = 3
    exact = sum(mean_leads(name, month) * L2Q[name] for name in each)
    assert_poisson(result.qualified[:, month - 1], exact)


# --- won deals: whose they are ------------------------------------------------------------------------------


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_each_channels_deals_are_poisson_and_add_up_to_the_total(seed):
    result = simulate(CHANNELS_FUNNEL, rng=seed)
    for c in result.channels:
        name = c.channel.name
        for month in (1, 3):
            assert_poisson(c.monthly["deals"][:, month - 1], mean_leads(name, month) * L2Q[name] * WIN_RATE)
    # Without open pipeline every won deal is some channel's, in every trial and month.
    assert np.array_equal(sum(c.monthly["deals"] for c in result.channels), result.deals)
    assert np.allclose(sum(c.monthly["revenue"] for c in result.channels), result.revenue, rtol=1e-12, atol=0)


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_open_pipelines_deals_are_the_total_less_the_channels(seed):
    scenario = replace(CHANNELS_FUNNEL, open_pipeline=30)
    result = simulate(scenario, rng=seed)
    channels_deals = sum(c.monthly["deals"] for c in result.channels)
    assert (channels_deals <= result.deals).all()
    # The open pipeline's numbers are its own: with channels that bring nothing its deals are the same ones.
    silent = (
        replace(WEBSITE, volume=known(0.0)),
        replace(SEARCH, spend=0.0, spend_changes=()),
        replace(SOCIAL, spend=0.0),
    )
    pipeline_only = simulate(replace(scenario, channels=silent), rng=seed)
    assert all((c.monthly["deals"] == 0).all() for c in pipeline_only.channels)
    assert np.array_equal(result.deals - channels_deals, pipeline_only.deals)
    # With a cycle of 0 the open pipeline closes in month 1, each opportunity won at the win rate.
    pipeline = pipeline_only.deals
    assert (pipeline[:, 1:] == 0).all()
    assert_cdf_matches(pipeline[:, 0], lambda k: stats.binom.cdf(k, 30, WIN_RATE), [4, 6, 7, 8, 10])


# --- a capacity cap: who gets worked ----------------------------------------------------------------------


def test_worked_by_channel_takes_arrivals_first_in_first_out():
    # Three channels, three months; the team works 4 a month.
    qualified = np.array(
        [
            [3, 0, 2],  # A
            [2, 1, 0],  # B
            [1, 3, 1],  # C
        ],
        dtype=np.int64,
    )[:, :, None]
    worked, backlog = work_within_capacity(qualified.sum(axis=0), [4.0, 4.0, 4.0])
    assert worked[:, 0].tolist() == [4, 4, 4]
    assert backlog[:, 0].tolist() == [2, 2, 1]
    # Month 1 arrives A3 B2 C1 and works A3 B1. Month 2 takes month 1's B1 C1, then month 2's B1 and one of
    # its C3. Month 3 takes month 2's C2, then month 3's A2; month 3's C1 waits.
    split = worked_by_channel(qualified, worked)[:, :, 0]
    assert split.tolist() == [[3, 0, 2], [1, 2, 0], [0, 2, 2]]


def test_worked_by_channel_skips_channels_and_months_with_nothing():
    # Channel A has nothing in month 1 and channel B nothing at all; no capacity in month 2.
    qualified = np.array([[[0], [2], [0]], [[0], [0], [0]], [[3], [0], [1]]], dtype=np.int64)
    worked, _ = work_within_capacity(qualified.sum(axis=0), [2.0, 0.0, 3.0])
    assert worked[:, 0].tolist() == [2, 0, 3]
    assert worked_by_channel(qualified, worked)[:, :, 0].tolist() == [[0, 0, 2], [0, 0, 0], [2, 0, 1]]


def test_with_a_capacity_cap_the_channels_split_the_totals_exactly():
    scenario = replace(
        CHANNELS_FUNNEL,
        horizon_months=6,
        reps=1,
        capacity_per_rep=60.0,
        sales_cycle_months=1.5,
        sales_cycle_spread=0.3,
        deal_size=known(1000.0),
        target=Target(value=30, deadline_month=6),
        trials=20_000,
    )
    result = simulate(scenario, rng=3)
    assert (result.backlog > 0).any()  # the cap binds
    qualified = np.stack([c.monthly["qualified"].T for c in result.channels])
    each_worked = worked_by_channel(qualified, result.worked.T)
    assert np.array_equal(each_worked.sum(axis=0), result.worked.T)
    # No channel has more worked by any month than it brought, and none of its deals were not worked.
    assert (np.cumsum(each_worked, axis=1) <= np.cumsum(qualified, axis=1)).all()
    for index, c in enumerate(result.channels):
        assert (np.cumsum(c.monthly["deals"], axis=1) <= np.cumsum(each_worked[index].T, axis=1)).all()
    assert np.array_equal(sum(c.monthly["deals"] for c in result.channels), result.deals)
    assert np.allclose(sum(c.monthly["revenue"] for c in result.channels), result.revenue, rtol=1e-12, atol=0)
    assert np.array_equal(sum(c.monthly["deals"] * 1000.0 for c in result.channels), result.revenue)

    with_pipeline = simulate(replace(scenario, open_pipeline=25), rng=3)
    assert (sum(c.monthly["deals"] for c in with_pipeline.channels) <= with_pipeline.deals).all()


# --- costs, the scenario without channels, common random numbers --------------------------------------------


def test_costs_are_the_reps_plus_every_channels_spend_campaign_months_included():
    scenario = replace(
        CHANNELS_FUNNEL, reps=2, new_reps=1, cost_per_rep=8000.0, marketing_spend=99_999.0, trials=500
    )
    result = simulate(scenario, rng=1)
    # Website 1,500 a month, paid search 10,000 (30,000 in month 3), social 4,000; three reps at 8,000.
    expected = np.array([1500.0 + spend + 4000.0 + 3 * 8000.0 for spend in SEARCH_SPEND.values()])
    assert np.array_equal(result.costs, np.broadcast_to(expected, (500, 4)))
    assert np.array_equal(channel(result, SEARCH.name).spend, list(SEARCH_SPEND.values()))
    assert np.array_equal(channel(result, WEBSITE.name).spend, [1500.0] * 4)


def test_a_scenario_without_channels_has_no_channel_results_and_the_traffic_inputs():
    result = simulate(Scenario())
    assert result.channels == ()
    assert set(result.drawn) == {"traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate"}
    with_channels = simulate(replace(CHANNELS_FUNNEL, trials=500), rng=1)
    assert set(with_channels.drawn) == {"win_rate"}


@pytest.mark.parametrize("seed", SEEDS)
def test_removing_or_reordering_channels_leaves_each_channels_luck_as_it_was(seed):
    # More than one chunk of trials, so the channel streams are checked in every chunk.
    scenario = replace(CHANNELS_FUNNEL, trials=20_000)
    everything = {c.channel.name: c for c in simulate(scenario, rng=seed).channels}
    for channels in ((WEBSITE, SOCIAL), (SOCIAL,), (SOCIAL, SEARCH, WEBSITE), (SEARCH, WEBSITE)):
        for c in simulate(replace(scenario, channels=channels), rng=seed).channels:
            before = everything[c.channel.name]
            for stage in ("visits", "leads", "qualified"):
                assert np.array_equal(c.monthly[stage], before.monthly[stage]), (c.channel.name, stage)
            for name, values in c.drawn.items():
                assert np.array_equal(values, before.drawn[name])


# --- the next $1,000 a month --------------------------------------------------------------------------------


@slow
@pytest.mark.parametrize("seed", SEEDS)
def test_next_spend_adds_the_exact_expected_deals_within_its_standard_error(seed):
    cost, l2q, margin, size = 50.0, 0.4, 0.8, 1000.0
    linear = replace(SEARCH, most_per_month=None, cost_per=known(cost), lead_to_qualified=known(l2q))
    window = Target(window=Window.MONTHS, start_month=2, deadline_month=4, value=128)
    scenario = replace(
        CHANNELS_FUNNEL,
        channels=(WEBSITE, linear),
        deal_size=known(size),
        gross_margin=margin,
        target=window,
        seed=seed,
    )
    (answer,) = next_spend(scenario)  # the organic website is left out
    assert answer.name == linear.name
    months = (2, 3, 4)
    extra_deals = len(months) * NEXT_SPEND / cost * l2q * WIN_RATE
    change, standard_error = answer.deals
    assert standard_error > 0
    assert abs(change - extra_deals) <= Z_TOLERANCE * standard_error, (change, extra_deals, standard_error)
    # The extra deals' margin less the extra spend over the window.
    extra_profit = extra_deals * size * margin - len(months) * NEXT_SPEND
    change, standard_error = answer.gross_profit
    assert standard_error > 0
    assert abs(change - extra_profit) <= Z_TOLERANCE * standard_error, (change, extra_profit, standard_error)
    # Known inputs: the window's deals are Poisson, about 127 of them before (the target is hit in about half
    # the trials) and 6 more after.
    before = sum(mean_leads(WEBSITE.name, m) * L2Q[WEBSITE.name] + SEARCH_SPEND[m] / cost * l2q for m in months)
    before *= WIN_RATE
    extra_odds = stats.poisson.sf(127, before + extra_deals) - stats.poisson.sf(127, before)
    change, standard_error = answer.odds
    assert standard_error > 0
    assert abs(change - extra_odds) <= Z_TOLERANCE * standard_error, (change, extra_odds, standard_error)


def test_next_spend_leaves_organic_channels_out():
    scenario = replace(CHANNELS_FUNNEL, channels=(WEBSITE,), trials=500)
    assert next_spend(scenario) == []
    assert [a.name for a in next_spend(replace(CHANNELS_FUNNEL, trials=500))] == [SEARCH.name, SOCIAL.name]
