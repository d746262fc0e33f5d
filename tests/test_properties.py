"""Properties that hold for every scenario: checked with hypothesis."""

from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from simulator import Direction, Metric, Range, Scenario, Target, evaluate, simulate
from simulator.analysis.levers import shift_rate
from tests.conftest import Z_TOLERANCE


@st.composite
def rate_ranges(draw, low=0.01, high=0.6):
    a = draw(st.floats(low, high))
    if draw(st.booleans()):
        return Range.known(a)
    return Range(a, draw(st.floats(a + 1e-3, min(a * 3, 0.95))))


@st.composite
def amount_ranges(draw, low, high):
    a = draw(st.floats(low, high))
    if draw(st.booleans()):
        return Range.known(a)
    return Range(a, a * draw(st.floats(1.01, 5)))


@st.composite
def scenarios(draw):
    horizon = draw(st.integers(1, 8))
    capped = draw(st.booleans())
    return Scenario(
        horizon_months=horizon,
        traffic=draw(amount_ranges(50, 5000)),
        traffic_growth=draw(st.floats(-0.1, 0.2)),
        visit_to_lead=draw(rate_ranges(0.01, 0.3)),
        lead_to_qualified=draw(rate_ranges(0.05, 0.8)),
        win_rate=draw(rate_ranges(0.05, 0.8)),
        deal_size=draw(amount_ranges(100, 50_000)),
        sales_cycle_months=draw(st.sampled_from([0, 0.5, 1, 1.5, 2, 3])),
        sales_cycle_spread=draw(st.sampled_from([0, 0.2, 0.6])),
        open_pipeline=draw(st.integers(0, 60)),
        reps=draw(st.integers(1, 6)),
        new_reps=draw(st.integers(0, 3)),
        ramp_productivity=draw(st.floats(0, 1)),
        ramp_months=draw(st.integers(0, 4)),
        capacity_per_rep=draw(st.floats(0.1, 40)) if capped else None,
        target=Target(value=10, deadline_month=draw(st.integers(1, horizon))),
        trials=300,
        seed=draw(st.integers(0, 2**32)),
    )


def scale(amount: Range, factor: float) -> Range:
    return Range(amount.low * factor, amount.high * factor)


def running_totals(result):
    return np.cumsum(result.deals, axis=1), np.cumsum(result.revenue, axis=1)


raises = st.one_of(
    st.tuples(st.just("traffic"), st.floats(1.0, 3.0)),
    st.tuples(st.just("traffic_growth"), st.floats(0.0, 0.1)),
    st.tuples(st.just("visit_to_lead"), st.floats(0.0, 1.5)),
    st.tuples(st.just("lead_to_qualified"), st.floats(0.0, 1.5)),
    st.tuples(st.just("win_rate"), st.floats(0.0, 1.5)),
    st.tuples(st.just("deal_size"), st.floats(1.0, 3.0)),
    st.tuples(st.just("reps"), st.integers(0, 3)),
    st.tuples(st.just("new_reps"), st.integers(0, 3)),
    st.tuples(st.just("ramp_productivity"), st.floats(0, 1)),
    st.tuples(st.just("capacity_per_rep"), st.floats(0.0, 20.0)),
    st.tuples(st.just("no_cap"), st.just(0)),
    st.tuples(st.just("shorter_cycle"), st.floats(0.3, 1.0)),
    st.tuples(st.just("open_pipeline"), st.integers(0, 30)),
)


def raised(scenario: Scenario, lever: str, amount) -> Scenario:
    match lever:
        case "traffic" | "deal_size":
            return replace(scenario, **{lever: scale(getattr(scenario, lever), amount)})
        case "visit_to_lead" | "lead_to_qualified" | "win_rate":
            return replace(scenario, **{lever: shift_rate(getattr(scenario, lever), amount)})
        case "traffic_growth" | "reps" | "new_reps" | "open_pipeline":
            return replace(scenario, **{lever: getattr(scenario, lever) + amount})
        case "ramp_productivity":
            return replace(
                scenario, ramp_productivity=scenario.ramp_productivity + (1 - scenario.ramp_productivity) * amount
            )
        case "capacity_per_rep":
            cap = scenario.capacity_per_rep
            return replace(scenario, capacity_per_rep=None if cap is None else cap + amount)
        case "no_cap":
            return replace(scenario, capacity_per_rep=None)
        case "shorter_cycle":
            return replace(scenario, sales_cycle_months=scenario.sales_cycle_months * amount)
    raise AssertionError(lever)


@given(scenario=scenarios(), lever_and_amount=raises)
def test_raising_any_lever_never_lowers_any_trials_deals_or_revenue(scenario, lever_and_amount):
    base_deals, base_revenue = running_totals(simulate(scenario))
    more_deals, more_revenue = running_totals(simulate(raised(scenario, *lever_and_amount)))
    assert (more_deals >= base_deals).all()
    assert (more_revenue >= base_revenue * (1 - 1e-12)).all()


@given(scenario=scenarios())
def test_counts_are_consistent(scenario):
    r = simulate(scenario)
    for counts in (r.visits, r.leads, r.qualified, r.worked, r.backlog, r.deals):
        assert (counts >= 0).all()
    assert (r.leads <= r.visits).all()
    assert (r.qualified <= r.leads).all()
    waiting_before = np.concatenate([np.zeros((r.trials, 1), dtype=np.int64), r.backlog[:, :-1]], axis=1)
    assert (r.worked + r.backlog == waiting_before + r.qualified).all()
    # Unused fractions of capacity carry over, so no month-end total passes the total capacity.
    assert (np.cumsum(r.worked, axis=1) <= np.floor(np.cumsum(scenario.capacity_by_month()) + 1e-9)).all()
    assert (r.closed >= r.deals).all()
    assert (np.cumsum(r.closed, axis=1) <= np.cumsum(r.worked, axis=1) + scenario.open_pipeline).all()
    assert (r.revenue >= 0).all()
    assert ((r.revenue > 0) == (r.deals > 0)).all()


@given(scenario=scenarios())
def test_same_seed_gives_identical_trials(scenario):
    a, b = simulate(scenario), simulate(scenario)
    for name in ("visits", "leads", "qualified", "worked", "closed", "deals", "revenue"):
        assert np.array_equal(getattr(a, name), getattr(b, name))


@given(scenario=scenarios(), extra=st.integers(1, 6))
def test_a_longer_horizon_keeps_the_earlier_months(scenario, extra):
    short = simulate(scenario)
    long = simulate(replace(scenario, horizon_months=min(scenario.horizon_months + extra, 24)))
    months = scenario.horizon_months
    for name in ("visits", "leads", "qualified", "worked", "closed", "deals", "revenue"):
        assert np.array_equal(getattr(short, name), getattr(long, name)[:, :months])


@given(scenario=scenarios(), low=st.floats(0, 500), step=st.floats(0, 500))
def test_odds_fall_as_an_at_least_target_rises_and_rise_for_at_most(scenario, low, step):
    result = simulate(scenario)
    month = scenario.target.deadline_month
    for metric in (Metric.DEALS, Metric.REVENUE, Metric.CAC):
        odds = [
            evaluate(result, Target(metric=metric, value=v, deadline_month=month)).probability
            for v in (low, low + step)
        ]
        assert odds[1] <= odds[0]
        ceiling = [
            evaluate(
                result, Target(metric=metric, direction=Direction.AT_MOST, value=v, deadline_month=month)
            ).probability
            for v in (low, low + step)
        ]
        assert ceiling[1] >= ceiling[0]


@given(scenario=scenarios())
def test_a_small_slider_move_changes_few_trials_by_little(scenario):
    step = 0.01  # on the log-odds scale
    before, after = simulate(scenario), simulate(raised(scenario, "win_rate", step))
    change = after.deals.sum(axis=1) - before.deals.sum(axis=1)
    assert (change >= 0).all()
    # On average a trial gains the opportunities it closes in the horizon times the change in its rate, within
    # the Monte Carlo standard error; changes are whole deals, so the share of trials that change is at most that.
    tries = before.closed.sum(axis=1)
    flips = tries * (after.drawn["win_rate"] - before.drawn["win_rate"])
    expected = np.mean(flips)
    # Changes are mostly 0 or 1, so their variance is about their mean when few trials change.
    variance = max(change.var(ddof=1) if change.size > 1 else 0.0, expected)
    standard_error = np.sqrt(variance / change.size)
    assert abs(change.mean() - expected) <= Z_TOLERANCE * standard_error + 1e-9
    assert (change > 0).mean() <= expected + Z_TOLERANCE * standard_error + 1e-9
