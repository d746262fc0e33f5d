"""Properties of the engine with lead channels that hold for every scenario: checked with hypothesis."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import Scenario, Target, simulate
from simulator.analysis.levers import shift_rate
from simulator.engine.work_queue import work_within_capacity, worked_by_channel
from simulator.model.channels import Channel, ChannelKind, ChannelUnit, SpendChange
from tests.test_properties import amount_ranges, rate_ranges, scale

TRIALS = 200
#: A few examples each: every one simulates a scenario twice.
FEW = settings(max_examples=15, deadline=None)


@st.composite
def channels(draw, name: str, horizon: int):
    """One channel of any kind and unit, with volumes small enough for a quick run."""
    paid = draw(st.booleans())
    visits = draw(st.booleans())
    rates = {
        "visit_to_lead": draw(rate_ranges(0.01, 0.3)) if visits else None,
        "lead_to_qualified": draw(rate_ranges(0.05, 0.8)),
    }
    unit = ChannelUnit.VISITS if visits else ChannelUnit.LEADS
    if not paid:
        return Channel(
            name=name,
            unit=unit,
            volume=draw(amount_ranges(50, 3000) if visits else amount_ranges(5, 300)),
            growth=draw(st.floats(-0.1, 0.2)),
            spend=draw(st.floats(0, 5000)),
            **rates,
        )
    changes = ()
    if draw(st.booleans()):
        first = draw(st.integers(1, horizon))
        changes = (SpendChange(first, draw(st.integers(first, horizon)), draw(st.floats(0, 40_000))),)
    return Channel(
        name=name,
        kind=ChannelKind.PAID,
        unit=unit,
        spend=draw(st.floats(0, 20_000)),
        spend_changes=changes,
        cost_per=draw(amount_ranges(0.5, 5) if visits else amount_ranges(20, 200)),
        most_per_month=draw(st.none() | st.floats(1, 3000)),
        **rates,
    )


@st.composite
def scenarios(draw):
    """A scenario of one to three channels, with or without a capacity cap, a sales cycle and open pipeline."""
    horizon = draw(st.integers(1, 6))
    count = draw(st.integers(1, 3))
    capped = draw(st.booleans())
    return Scenario(
        horizon_months=horizon,
        channels=tuple(draw(channels(f"Channel {index}", horizon)) for index in range(count)),
        win_rate=draw(rate_ranges(0.05, 0.8)),
        deal_size=draw(amount_ranges(100, 50_000)),
        sales_cycle_months=draw(st.sampled_from([0, 0.5, 1, 1.5, 2])),
        sales_cycle_spread=draw(st.sampled_from([0, 0.3])),
        open_pipeline=draw(st.integers(0, 30)),
        reps=draw(st.integers(1, 4)),
        capacity_per_rep=draw(st.floats(0.5, 40)) if capped else None,
        target=Target(value=10, deadline_month=horizon),
        trials=TRIALS,
        seed=draw(st.integers(0, 2**32)),
    )


@st.composite
def raised_channels(draw, channel: Channel, horizon: int) -> Channel:
    """`channel` with one of its levers raised: what it brings can only grow."""
    rates = ["lead_to_qualified"] + (["visit_to_lead"] if channel.unit is ChannelUnit.VISITS else [])
    paid = ["spend_in_a_month", "spend_every_month", "ceiling", "no_ceiling", "cheaper"]
    organic = ["volume", "growth"]
    lever = draw(st.sampled_from((paid if channel.kind is ChannelKind.PAID else organic) + rates))
    match lever:
        case "spend_in_a_month":  # a later spend change wins, so this one sets the month's spend
            month = draw(st.integers(1, horizon))
            spend = channel.spend_by_month(horizon)[month - 1] + draw(st.floats(0, 20_000))
            return replace(channel, spend_changes=(*channel.spend_changes, SpendChange(month, month, spend)))
        case "spend_every_month":
            return channel.spending_more(draw(st.floats(0, 20_000)))
        case "ceiling":
            most = channel.most_per_month
            return replace(channel, most_per_month=None if most is None else most * draw(st.floats(1, 4)))
        case "no_ceiling":
            return replace(channel, most_per_month=None)
        case "cheaper":  # both ends down by the same factor
            return replace(channel, cost_per=scale(channel.cost_per, draw(st.floats(0.2, 1))))
        case "volume":
            return replace(channel, volume=scale(channel.volume, draw(st.floats(1, 3))))
        case "growth":
            return replace(channel, growth=channel.growth + draw(st.floats(0, 0.1)))
        case _:
            return replace(channel, **{lever: shift_rate(getattr(channel, lever), draw(st.floats(0, 1.5)))})


@st.composite
def raised_scenarios(draw):
    """A scenario and the same with one lever of one of its channels raised."""
    scenario = draw(scenarios())
    index = draw(st.integers(0, len(scenario.channels) - 1))
    more = list(scenario.channels)
    more[index] = draw(raised_channels(more[index], scenario.horizon_months))
    return scenario, replace(scenario, channels=tuple(more))


def running_totals(result):
    return {name: np.cumsum(getattr(result, name), axis=1) for name in ("leads", "qualified", "deals", "revenue")}


@FEW
@given(pair=raised_scenarios())
def test_raising_any_channel_lever_never_lowers_any_trials_totals_by_any_month(pair):
    scenario, raised = pair
    before, after = running_totals(simulate(scenario)), running_totals(simulate(raised))
    for name in ("leads", "qualified", "deals"):
        assert (after[name] >= before[name]).all(), name
    assert (after["revenue"] >= before["revenue"] * (1 - 1e-12)).all()


@FEW
@given(scenario=scenarios())
def test_each_channels_counts_are_consistent_and_add_up(scenario):
    r = simulate(scenario)
    assert len(r.channels) == len(scenario.channels)
    for c in r.channels:
        figures = c.monthly
        for name in ("visits", "leads", "qualified", "deals", "revenue"):
            assert (figures[name] >= 0).all(), name
        if c.channel.unit is ChannelUnit.VISITS:
            assert (figures["leads"] <= figures["visits"]).all()
        else:
            assert (figures["visits"] == 0).all()
        assert (figures["qualified"] <= figures["leads"]).all()
        assert (np.cumsum(figures["deals"], axis=1) <= np.cumsum(figures["qualified"], axis=1)).all()
        assert ((figures["revenue"] > 0) == (figures["deals"] > 0)).all()
    for name in ("visits", "leads", "qualified"):
        assert np.array_equal(sum(c.monthly[name] for c in r.channels), getattr(r, name)), name
    channel_deals = sum(c.monthly["deals"] for c in r.channels)
    assert (channel_deals <= r.deals).all()
    if scenario.open_pipeline == 0:
        assert np.array_equal(channel_deals, r.deals)


@FEW
@given(scenario=scenarios())
def test_same_seed_gives_identical_channel_figures(scenario):
    a, b = simulate(scenario), simulate(scenario)
    for one, other in zip(a.channels, b.channels, strict=True):
        for name, values in one.monthly.items():
            assert np.array_equal(values, other.monthly[name])


def first_in_first_out(qualified: np.ndarray, worked: np.ndarray) -> np.ndarray:
    """The split of one trial's worked opportunities by a plain queue: ``(channels, months)`` from ``qualified``
    of that shape and ``worked`` per month."""
    channels, months = qualified.shape
    queue = [
        channel for month in range(months) for channel in range(channels) for _ in range(qualified[channel, month])
    ]
    out = np.zeros_like(qualified)
    for month in range(months):
        for channel in queue[: worked[month]]:
            out[channel, month] += 1
        queue = queue[worked[month] :]
    return out


arrivals = st.integers(1, 4).flatmap(
    lambda channels: st.lists(
        st.lists(st.lists(st.integers(0, 5), min_size=6, max_size=6), min_size=channels, max_size=channels),
        min_size=1,
        max_size=3,
    )
)
capacities = st.lists(
    st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.5, 2.3, 4.0, 7.0, float("inf")]), min_size=6, max_size=6
)


@given(per_trial=arrivals, capacity=capacities)
def test_the_work_queue_split_conserves_totals_first_in_first_out(per_trial, capacity):
    qualified = np.array(per_trial, dtype=np.int64).transpose(1, 2, 0)  # (channels, months, trials)
    worked, _ = work_within_capacity(qualified.sum(axis=0), capacity)
    split = worked_by_channel(qualified, worked)
    assert np.array_equal(split.sum(axis=0), worked)
    assert (split >= 0).all()
    assert (np.cumsum(split, axis=1) <= np.cumsum(qualified, axis=1)).all()
    for trial in range(qualified.shape[2]):
        assert np.array_equal(split[:, :, trial], first_in_first_out(qualified[:, :, trial], worked[:, trial]))
