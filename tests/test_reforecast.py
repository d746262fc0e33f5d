"""Re-forecasting by conditioning on the months done, against exact answers from scipy.stats.

Tolerances: Z_TOLERANCE standard errors of the Monte Carlo estimate, plus APPROXIMATION where the engine's
closed-form count quantiles are used (counts.py: a CDF error below 0.002 for means of 10 or more; binomials
with at most 16 tries are exact).
"""

from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate, stats

from simulator import Range, Scenario, Target, evaluate, simulate
from simulator.history import Actuals, reforecast
from simulator.model.checks import InputError
from simulator.model.distributions import amount_cv2, amount_mean, rate_quantile
from simulator.model.target import Direction, Metric
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.test_history import KNOWN as KNOWN_RATES

APPROXIMATION = 0.003
SEEDS = (1, 2, 3)
#: Every rate known: 3000 visits x 4% x 40% = 48 qualified a month, 12 won deals a month on average.
KNOWN = replace(KNOWN_RATES, horizon_months=6, trials=20_000)
#: No new traffic: only the open pipeline closes.
PIPELINE_ONLY = replace(KNOWN, traffic=Range.known(0.0))


def close_to(answer, expected: float, *, approximate: bool = False) -> bool:
    """Within Z_TOLERANCE standard errors (the larger of the true and the estimated one)."""
    error = max(answer.standard_error, proportion_se(expected, answer.trials))
    return abs(answer.probability - expected) <= Z_TOLERANCE * error + (APPROXIMATION if approximate else 0)


def posterior_closed(open_pipeline: int, share_closed: float, *, won: int, win_rate: float):
    """Open opportunities closed by the months done, c ~ Binomial(open, share), given `won` wins among them.

    Returns the counts 0..open and their posterior probabilities.
    """
    closed = np.arange(open_pipeline + 1)
    weights = stats.binom.pmf(closed, open_pipeline, share_closed) * stats.binom.pmf(won, closed, win_rate)
    return closed, weights / weights.sum()


def test_open_pipeline_all_closed_by_the_months_done_gives_exactly_zero():
    # The case: 40 open, no traffic, 2-month cycle: all 40 have closed by month 2, 20 were won.
    scenario = Scenario(
        traffic=Range.known(0.0),
        open_pipeline=40,
        sales_cycle_months=2,
        target=Target(value=30, deadline_month=4),
        trials=5000,
    )
    for seed in SEEDS:
        assert reforecast(scenario, Actuals(months_done=2, won=20), rng=seed).probability == 0.0
        reached = replace(scenario, target=Target(value=20, deadline_month=4))
        assert reforecast(reached, Actuals(months_done=2, won=20), rng=seed).probability == 1.0


@pytest.mark.parametrize("with_counts", [True, False])
def test_known_rates_remaining_deals_are_poisson(with_counts):
    # Cycle 0, no capacity limit: deals of the 2 remaining months are Poisson(12 x 2) (thinning).
    scenario = replace(KNOWN, target=Target(value=45, deadline_month=4))
    counts = {"visits": 6100, "leads": 250, "qualified": 97} if with_counts else {}
    actuals = Actuals(months_done=2, won=25, **counts)
    expected = stats.poisson.sf(45 - 25 - 1, 2 * 12)
    for seed in SEEDS:
        answer = reforecast(scenario, actuals, rng=seed)
        assert close_to(answer, expected, approximate=True), (seed, answer, expected)
        if with_counts:  # nothing uncertain to learn: every trial counts fully
            assert answer.effective_trials == answer.trials


def test_opportunities_in_flight_close_after_the_months_done():
    # Cycle 1: month 2's 16 qualified close in month 3, month 3's new ones in month 4.
    actuals = Actuals(months_done=2, qualified=(40, 16), won=9)
    by_month_3 = replace(KNOWN, sales_cycle_months=1, target=Target(value=13, deadline_month=3))
    for seed in SEEDS:
        answer = reforecast(by_month_3, actuals, rng=seed)
        assert close_to(answer, stats.binom.sf(13 - 9 - 1, 16, 0.25)), (seed, answer)
    # By month 4: 9 + Binomial(16, 25%) + Poisson(48 x 25%), by convolution of the pmfs.
    by_month_4 = replace(by_month_3, target=Target(value=25, deadline_month=4))
    in_flight = stats.binom.pmf(np.arange(17), 16, 0.25)
    expected = sum(p * stats.poisson.sf(25 - 9 - k - 1, 12) for k, p in enumerate(in_flight))
    for seed in SEEDS:
        answer = reforecast(by_month_4, actuals, rng=seed)
        assert close_to(answer, expected, approximate=True), (seed, answer, expected)


@pytest.mark.parametrize(
    ("team", "months_done", "worked_next"),
    [
        ({"reps": 1, "capacity_per_rep": 16}, 2, 16),  # the backlog carries on: month 3 works a full 16
        # A hire ramping at half speed for 3 months: month 4 is their first full month (not a restart).
        ({"reps": 1, "new_reps": 1, "ramp_months": 3, "ramp_productivity": 0.5, "capacity_per_rep": 8}, 3, 16),
    ],
)
def test_backlog_and_ramp_continue_from_the_months_done(team, months_done, worked_next):
    scenario = replace(KNOWN, **team, target=Target(value=10, deadline_month=months_done + 1))
    actuals = Actuals(months_done=months_done, qualified=(60,) * months_done, won=5)
    result = simulate(scenario, rng=1, actuals=actuals)
    assert (result.worked[:, months_done] == worked_next).all()
    for seed in SEEDS:
        answer = reforecast(scenario, actuals, rng=seed)
        assert close_to(answer, stats.binom.sf(10 - 5 - 1, worked_next, 0.25)), (seed, answer)


def test_open_pipeline_left_closes_once_after_the_months_done():
    # 30 open over a 3-month cycle: each closes in month 1, 2 or 3 alike; 2 months done, 7 won.
    scenario = replace(
        PIPELINE_ONLY, open_pipeline=30, sales_cycle_months=3, target=Target(value=10, deadline_month=5)
    )
    actuals = Actuals(months_done=2, won=7)
    result = simulate(scenario, rng=1, actuals=actuals)
    assert (result.deals[:, :2].sum(axis=1) == 7).all()
    assert (result.deals[:, 3:] == 0).all()  # nothing closes twice
    # The rest close in month 3.
    closed, weights = posterior_closed(30, 2 / 3, won=7, win_rate=0.25)
    expected = weights @ stats.binom.sf(10 - 7 - 1, 30 - closed, 0.25)
    for seed in SEEDS:
        answer = reforecast(scenario, actuals, rng=seed)
        assert close_to(answer, expected), (seed, answer, expected)


def test_an_uncertain_win_rate_is_conditioned_on_the_wins_so_far():
    # 48 open over 3 months: about 32 closed by month 2 with 14 won (44%, above the 20-30% range); the rest
    # close in month 3.
    win_rate = Range(0.20, 0.30)
    scenario = replace(
        PIPELINE_ONLY,
        win_rate=win_rate,
        open_pipeline=48,
        sales_cycle_months=3,
        target=Target(value=19, deadline_month=3),
    )
    actuals = Actuals(months_done=2, won=14)

    def rate(z):
        return float(rate_quantile(win_rate, np.array(z)))

    closed = np.arange(49)  # closed by month 2 ~ Binomial(48, 2/3)
    prior_closed = stats.binom.pmf(closed, 48, 2 / 3)

    def posterior(z, hit_needed=False):
        """Prior density of the score x likelihood of 14 wins, summed over the closed count (x the odds after)."""
        weights = prior_closed * stats.binom.pmf(14, closed, rate(z))
        if hit_needed:
            weights = weights * stats.binom.sf(19 - 14 - 1, 48 - closed, rate(z))
        return stats.norm.pdf(z) * weights.sum()

    evidence = integrate.quad(posterior, -10, 10)[0]
    expected = integrate.quad(lambda z: posterior(z, hit_needed=True), -10, 10)[0] / evidence
    prior_only = integrate.quad(
        lambda z: stats.norm.pdf(z) * prior_closed @ stats.binom.sf(19 - 14 - 1, 48 - closed, rate(z)), -10, 10
    )[0]
    assert abs(expected - prior_only) > 0.03  # the test can tell conditioning from none
    for seed in SEEDS:
        answer = reforecast(scenario, actuals, rng=seed)
        assert abs(answer.probability - expected) <= Z_TOLERANCE * answer.standard_error, (seed, answer, expected)
        assert answer.effective_trials < answer.trials


def test_an_uncertain_conversion_rate_is_conditioned_on_the_counts_so_far():
    # Visit -> lead 2.5-3.5%, 2 months done: 6,000 visits gave 230 leads (3.8%). Leads by month 3 >= 330?
    visit_to_lead = Range(0.025, 0.035)
    scenario = replace(KNOWN, visit_to_lead=visit_to_lead, target=Target(metric=Metric.LEADS, value=330))
    actuals = Actuals(months_done=2, visits=6000, leads=230)

    def rate(z):
        return float(rate_quantile(visit_to_lead, np.array(z)))

    def posterior(z):  # prior x Binomial likelihood; month 3's leads are Poisson(3000 x rate) (thinning)
        return stats.norm.pdf(z) * stats.binom.pmf(230, 6000, rate(z))

    evidence = integrate.quad(posterior, -10, 10)[0]
    expected = integrate.quad(lambda z: posterior(z) * stats.poisson.sf(330 - 230 - 1, 3000 * rate(z)), -10, 10)[0]
    expected /= evidence
    prior_only = integrate.quad(lambda z: stats.norm.pdf(z) * stats.poisson.sf(99, 3000 * rate(z)), -10, 10)[0]
    assert expected - prior_only > 0.05  # the test can tell conditioning from none
    for seed in SEEDS:
        answer = reforecast(scenario, actuals, rng=seed)
        assert abs(answer.probability - expected) <= Z_TOLERANCE * answer.standard_error + APPROXIMATION, (
            seed,
            answer,
            expected,
        )


def test_no_month_done_is_the_plain_simulation():
    scenario = replace(KNOWN, win_rate=Range(0.2, 0.3), open_pipeline=20, sales_cycle_months=1.5, trials=5000)
    plain = evaluate(simulate(scenario))
    answer = reforecast(scenario, Actuals(months_done=0))
    assert (answer.probability, answer.standard_error) == (plain.probability, plain.standard_error)
    again = simulate(scenario, actuals=Actuals(months_done=0))
    assert np.array_equal(again.deals, simulate(scenario).deals)


def test_cac_and_gross_profit_are_built_from_their_parts():
    # 30 open over 3 months, win rate 50%, $1,000 a month of costs; 2 months done: 8 won, $5,000 spent.
    scenario = replace(
        PIPELINE_ONLY,
        open_pipeline=30,
        sales_cycle_months=3,
        win_rate=Range.known(0.5),
        deal_size=Range.known(1000.0),
        marketing_spend=1000.0,
        gross_margin=0.8,
    )
    actuals = Actuals(months_done=2, won=8, revenue=8000.0, costs=5000.0)
    # N wins after month 2 ~ Binomial(30 - c, 50%), c the opportunities closed by then (posterior_closed).
    # CAC by month 4 = (5000 + 2 x 1000) / (8 + N): at most $500 when N >= 6.
    cac = replace(
        scenario, target=Target(metric=Metric.CAC, direction=Direction.AT_MOST, value=500, deadline_month=4)
    )
    # Gross profit = (8000 + 1000 N) x 0.8 - 7000 >= 1800 when N >= 3.
    profit = replace(scenario, target=Target(metric=Metric.GROSS_PROFIT, value=1800, deadline_month=4))
    closed, weights = posterior_closed(30, 2 / 3, won=8, win_rate=0.5)
    for seed in SEEDS:
        assert close_to(reforecast(cac, actuals, rng=seed), weights @ stats.binom.sf(5, 30 - closed, 0.5))
        assert close_to(reforecast(profit, actuals, rng=seed), weights @ stats.binom.sf(2, 30 - closed, 0.5))


def test_raising_a_lever_after_the_months_done_never_lowers_a_trials_deals():
    actuals = Actuals(months_done=2, visits=6000, leads=240, qualified=96, won=24)
    low = replace(KNOWN, win_rate=Range(0.2, 0.3), traffic=Range(2500.0, 3500.0), trials=2000)
    for lever in (
        {"traffic": Range(2600.0, 3600.0)},
        {"win_rate": Range(0.21, 0.31)},
        {"lead_to_qualified": Range.known(0.45)},
    ):
        high = replace(low, **lever)
        before = simulate(low, rng=4, actuals=actuals).total("deals", 6)
        after = simulate(high, rng=4, actuals=actuals).total("deals", 6)
        assert (after >= before).all(), lever


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"months_done": -1}, "months_done"),
        ({"months_done": 2, "won": -1}, "won"),
        ({"months_done": 2, "leads": 2.5}, "leads"),
        ({"months_done": 2, "visits": (10,)}, "visits"),
        ({"months_done": 2, "visits": 10, "leads": 20}, "leads"),
        ({"months_done": 2, "visits": 100, "qualified": 200}, "qualified"),
        ({"months_done": 2, "revenue": float("nan")}, "revenue"),
        ({"months_done": 2, "costs": -5.0}, "costs"),
        ({"months_done": 0, "won": 3}, "won"),
    ],
)
def test_bad_actuals_name_the_field(fields, field):
    with pytest.raises(InputError) as error:
        Actuals(**fields)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("scenario", "actuals"),
    [
        (replace(KNOWN, target=Target(value=30, deadline_month=2)), Actuals(months_done=2, won=20)),
        (KNOWN, Actuals(months_done=2, qualified=30, won=31)),  # more won than qualified, no open pipeline
        (PIPELINE_ONLY, Actuals(months_done=2, won=5)),  # nothing could have closed
    ],
)
def test_impossible_reforecasts_name_the_field(scenario, actuals):
    with pytest.raises(ValueError, match=r"months_done|won"):
        reforecast(replace(scenario, trials=500), actuals)


def test_actual_deals_without_their_revenue_get_sizes_drawn_one_by_one():
    # Won deals known, revenue not: each actual deal gets its own size, so month 1's revenue is 5 known sizes
    # and, with an uncertain size, a sum of 5 lognormals with the deal size's mean.
    known_size = replace(KNOWN, deal_size=Range.known(4000.0))
    result = simulate(known_size, rng=2, actuals=Actuals(months_done=2, won=(5, 3)))
    assert (result.revenue[:, 0] == 5 * 4000.0).all()
    assert (result.revenue[:, 1] == 3 * 4000.0).all()
    uncertain = simulate(KNOWN, rng=2, actuals=Actuals(months_done=2, won=(5, 3)))
    mean, variance = (
        5 * amount_mean(KNOWN.deal_size),
        5 * amount_mean(KNOWN.deal_size) ** 2 * amount_cv2(KNOWN.deal_size),
    )
    first = uncertain.revenue[:, 0]
    assert abs(first.mean() - mean) <= Z_TOLERANCE * np.sqrt(variance / first.size)
