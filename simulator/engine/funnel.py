"""The Monte Carlo funnel: visits -> leads -> qualified -> worked -> won deals -> revenue.

Two kinds of uncertainty are kept apart. Per trial, each uncertain input (mean
traffic, the three conversion rates) is drawn once from its 90% range: *we don't
know the true value*. Then each month's counts are drawn as counts: *luck in this
month*. Given a trial's inputs, every month has the model's exact law and months
are independent where the model says so:

* visits ~ Poisson(mean traffic x growth), leads ~ Binomial(visits, visit-to-lead),
  qualified ~ Binomial(leads, lead-to-qualified), each month at scores of its own,
  by exact quantile functions (:mod:`simulator.engine.counts`);
* the team works qualified opportunities first in, first out within its capacity
  (:mod:`simulator.engine.work_queue`);
* each worked opportunity is won with the win rate, closes after its own sales
  cycle and, when won, has its own deal size (:mod:`simulator.engine.closing`).

Common random numbers: every number has a fixed address. The trial inputs and
the monthly counts are drawn in chunks of :data:`TRIALS_PER_CHUNK` trials, each
chunk with its own streams spawned from the seed, month by month, so month
``m``'s scores do not depend on the horizon; each opportunity's numbers are
addressed by trial and opportunity. Every count is a monotone function of its
numbers, so raising a lever never lowers any trial's won deals or revenue by any
month, and a small move changes few trials by little.

Re-forecasting mid-period (``simulate(scenario, actuals=...)``) fixes the first
months to what actually happened and lets the model's own state carry on from
there: backlog, opportunities in flight, open pipeline not yet closed and the
hiring ramp all follow from the actual counts, and only what closes after the
months done is drawn again.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from simulator.engine.addressed_random import stream_keys
from simulator.engine.channel_funnel import channel_scores, channel_streams, run_channel
from simulator.engine.closing import STREAMS as CLOSING_STREAMS
from simulator.engine.closing import close_opportunities
from simulator.engine.counts import binomial_quantile, poisson_quantile
from simulator.engine.result import CHANNEL_FIGURES, ChannelResult, SimulationResult
from simulator.engine.subscriptions import CustomerBase, run_subscription, subscription_scores
from simulator.engine.work_budget import check_work
from simulator.engine.work_queue import work_within_capacity, worked_by_channel
from simulator.i18n import _, ngettext, number_text
from simulator.model.checks import InputError
from simulator.model.distributions import amount_quantile, rate_quantile
from simulator.model.sales_cycle import close_lag_cdf, open_close_cdf
from simulator.model.scenario import Scenario
from simulator.model.stages import RATES, STAGES
from simulator.model.subscription import RevenueMode

if TYPE_CHECKING:  # the engine never imports the history layer at run time
    from simulator.history.reforecast import Actuals

#: Version of the engine's draws: the same seed gives other trials in another version.
ENGINE_VERSION = 2
#: Trials drawn from one set of streams; part of the seed's meaning, so fixed.
TRIALS_PER_CHUNK = 8192
DRAWN_INPUTS = ("traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate")
# One independent random stream each, per chunk; the order is part of the seed's meaning.
MONTH_STREAMS = ("visits", "leads", "qualified")
_STREAMS = DRAWN_INPUTS + MONTH_STREAMS + ("actual_sizes",)
_MONTHLY_FIGURES = ("visits", "leads", "qualified", "worked", "backlog", "closed", "deals", "revenue")
#: The result's array of each funnel stage.
STAGE_FIELDS = dict(zip(STAGES, ("visits", "leads", "qualified", "deals"), strict=True))
#: The stages drawn month by month (all but won deals), top down, and the rate that leads into each.
_CHAIN = tuple(STAGE_FIELDS[stage] for stage in STAGES[:-1])
_RATE_INTO = {STAGE_FIELDS[rate.result]: rate.name for rate in RATES if STAGE_FIELDS[rate.result] in _CHAIN}
# The one channel of a scenario without channels takes the engine's own streams and drawn inputs' names.
_ALL_TRAFFIC_SCORES = {"volume": "traffic_mean", "units": "visits"}
_ALL_TRAFFIC_DRAWN = {"volume": "traffic_mean"}
_WORKERS = min(4, os.cpu_count() or 1)


def simulate(scenario: Scenario, *, rng=None, actuals: Actuals | None = None) -> SimulationResult:
    """Run ``scenario.trials`` Monte Carlo trials of the funnel.

    Parameters
    ----------
    scenario : Scenario
        The inputs.
    rng : int, numpy.random.Generator or None
        Source of the random numbers; None uses ``scenario.seed``, so a scenario
        alone reproduces its result.
    actuals : Actuals, optional
        What happened in the first ``actuals.months_done`` months
        (:class:`simulator.history.reforecast.Actuals`). Those months take the
        actual counts; a stage not given is drawn from the model given the stages
        that are (a stage above a given one from its posterior, e.g. visits =
        leads + Poisson(mean traffic x (1 - visit-to-lead))). Won deals and revenue
        of the months done are the actual ones when given; later months are the
        deals closing after the months done, drawn as ever. The trials are *not*
        weighted by how likely the actuals are:
        :func:`simulator.history.reforecast.reforecast` does that.

    Returns
    -------
    SimulationResult

    Raises
    ------
    InputError
        When an input is not allowed with `actuals`, or the run is beyond the work budget
        (:mod:`simulator.engine.work_budget`: too many trials, visits or opportunities), naming what to lower.

    Examples
    --------
    >>> from simulator.model.scenario import Scenario
    >>> result = simulate(Scenario(trials=1000, horizon_months=6), rng=42)
    >>> result.deals.shape
    (1000, 6)
    >>> bool((result.leads <= result.visits).all())
    True
    """
    check_work(scenario, actuals)
    root = np.random.default_rng(scenario.seed if rng is None else rng)
    trials, months = scenario.trials, scenario.horizon_months
    if actuals is not None and actuals.months_done > months:
        raise InputError(
            "actuals.months_done",
            actuals.months_done,
            ngettext("at most the horizon, {months} month", "at most the horizon, {months} months", months).format(
                months=number_text(months)
            ),
        )
    if actuals is not None and actuals.months_done == 0:
        actuals = None  # nothing has happened yet: the plain simulation
    if actuals is not None and scenario.channels:
        raise InputError(
            "actuals", actuals.months_done, _("none for a scenario with channels (not yet supported)")
        )
    monthly = {
        name: np.empty((trials, months), dtype=np.float64 if name == "revenue" else np.int64)
        for name in _MONTHLY_FIGURES
    }
    # With channels each channel draws its own traffic inputs (in `channels`); the win rate is shared.
    drawn = {name: np.empty(trials) for name in (("win_rate",) if scenario.channels else DRAWN_INPUTS)}
    # The won deals' numbers are addressed by trial; the rest are drawn chunk by chunk.
    deal_keys = stream_keys(root.spawn(1)[0], len(CLOSING_STREAMS))
    starts = range(0, trials, TRIALS_PER_CHUNK)
    parts = [slice(start, min(start + TRIALS_PER_CHUNK, trials)) for start in starts]
    mean_cycle, spread = scenario.sales_cycle_months, scenario.sales_cycle_spread
    cycle = (close_lag_cdf(mean_cycle, spread), open_close_cdf(mean_cycle, spread))

    channels = [ChannelResult.allocate(channel, trials, months) for channel in scenario.channels]
    subscription = scenario.revenue_mode is RevenueMode.SUBSCRIPTION
    customer_base = CustomerBase.allocate(scenario) if subscription else None

    def run(part: slice, chunk_rng: np.random.Generator) -> None:
        _run_chunk(
            scenario,
            chunk_rng,
            (deal_keys, part.start),
            cycle,
            actuals,
            {name: values[part] for name, values in monthly.items()},
            {name: values[part] for name, values in drawn.items()},
            [channel.rows(part) for channel in channels],
            None if customer_base is None else customer_base.rows(part),
        )

    # Chunks are independent and numpy and the compiled queue release the GIL: threads share the work.
    with ThreadPoolExecutor(max_workers=min(_WORKERS, len(parts))) as pool:
        list(pool.map(run, parts, root.spawn(len(parts))))

    monthly_costs = scenario.costs_by_month()
    if actuals is not None and (past_costs := actuals.per_month("costs")) is not None:
        monthly_costs[: actuals.months_done] = past_costs
    costs = np.broadcast_to(monthly_costs, (trials, months))
    return SimulationResult(
        scenario=scenario,
        costs=costs,
        drawn=drawn,
        channels=tuple(channels),
        customer_base=customer_base,
        **monthly,
    )


def _run_chunk(
    scenario: Scenario,
    chunk_rng: np.random.Generator,
    deal_address: tuple[np.ndarray, int],
    cycle: tuple,
    actuals: Actuals | None,
    monthly: dict,
    drawn: dict,
    channels: list[ChannelResult],
    customer_base: CustomerBase | None,
) -> None:
    """The funnel for one chunk of trials, written into the chunk's rows of `monthly`, `drawn`, `channels` and
    `customer_base` (in subscription mode).

    `deal_address` is the won deals' stream keys and the number of the chunk's first trial.
    """
    streams = dict(zip(_STREAMS, chunk_rng.spawn(len(_STREAMS)), strict=True))
    by_channel, (visits, leads, qualified) = _top_of_funnel(scenario, chunk_rng, streams, drawn, actuals)
    worked, backlog = work_within_capacity(qualified, scenario.capacity_by_month())
    each_worked = (
        worked_by_channel(np.stack([c.qualified for c in by_channel]), worked) if by_channel else worked[None]
    )
    closings = close_opportunities(
        each_worked,
        scenario.open_pipeline,
        drawn["win_rate"],
        cycle,
        scenario.deal_size,
        *deal_address,
        by_channel=bool(by_channel),
    )
    deals, revenue = closings.deals, closings.revenue
    for index, (counts, out) in enumerate(zip(by_channel, channels, strict=True)):
        won = {"deals": closings.channel_deals[index], "revenue": closings.channel_revenue[index]}
        for name in CHANNEL_FIGURES:
            out.monthly[name][:] = (won[name] if name in won else getattr(counts, name)).T
        for name, values in counts.drawn.items():
            out.drawn[name][:] = values
    if actuals is not None:
        _bank_actuals(deals, revenue, actuals, scenario, streams["actual_sizes"])
    if customer_base is not None:  # the month's revenue is the recurring revenue of the base
        scores = subscription_scores(chunk_rng, deals.shape[1], scenario.horizon_months)
        run_subscription(scenario, deals, revenue, scores, customer_base)
        revenue = customer_base.mrr.T
    figures = {
        "visits": visits,
        "leads": leads,
        "qualified": qualified,
        "worked": worked,
        "backlog": backlog,
        "closed": closings.closed,
        "deals": deals,
        "revenue": revenue,
    }
    for name, values in figures.items():
        monthly[name][:] = values.T


def _top_of_funnel(scenario: Scenario, chunk_rng, streams: dict, drawn: dict, actuals: Actuals | None):
    """Each channel's counts (none without channels) and the visits, leads and qualified of the chunk, shape
    ``(months, trials)``; the win rate and, without channels, the traffic inputs are written into `drawn`.

    A scenario without channels draws its one channel, "All traffic", from the chunk's numbered streams, as the
    engine always has; each channel of a scenario with channels from streams of its own.
    """
    trials = drawn["win_rate"].size
    months = scenario.horizon_months
    if scenario.channels:
        drawn["win_rate"][:] = rate_quantile(scenario.win_rate, streams["win_rate"].standard_normal(trials))
        by_channel = [
            run_channel(channel, channel_scores(channel_streams(chunk_rng, channel.name), trials, months), months)
            for channel in scenario.channels
        ]
        return by_channel, tuple(sum(getattr(c, stage) for c in by_channel) for stage in _CHAIN)
    scores = {name: streams[name].standard_normal(trials) for name in DRAWN_INPUTS}
    scores = scenario.correlations.correlate(scores)
    drawn["win_rate"][:] = rate_quantile(scenario.win_rate, scores["win_rate"])
    # Drawn month by month, so month m's scores do not depend on the horizon.
    scores |= {name: streams[name].standard_normal((months, trials), dtype=np.float32) for name in MONTH_STREAMS}
    counts = run_channel(scenario.funnel_channels()[0], _all_traffic_scores(scores), months)
    for name, values in counts.drawn.items():
        drawn[_ALL_TRAFFIC_DRAWN.get(name, name)][:] = values
    stages = (counts.visits, counts.leads, counts.qualified)
    if actuals is not None:  # the months done take what happened; later months are drawn as ever
        growth = (1 + scenario.traffic_growth) ** np.arange(months)
        past = _past_counts(scores, drawn, growth[: actuals.months_done], actuals)
        for stage, values in zip(_CHAIN, stages, strict=True):
            values[: actuals.months_done] = past[stage]
    return [], stages


def _all_traffic_scores(scores: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The engine's own scores under the names :func:`~simulator.engine.channel_funnel.run_channel` reads."""
    names = ("volume", "visit_to_lead", "lead_to_qualified", "units", "leads", "qualified")
    return {name: scores[_ALL_TRAFFIC_SCORES.get(name, name)] for name in names}


def _bank_actuals(deals: np.ndarray, revenue: np.ndarray, actuals: Actuals, scenario: Scenario, sizes) -> None:
    """Put the actual won deals and revenue of the months done in place of the drawn ones.

    Given deals without revenue: the actual deals' revenue is drawn, each deal its own size.
    """
    done = actuals.months_done
    won = actuals.per_month("won")
    if won is not None:
        deals[:done] = np.asarray(won, dtype=np.int64)[:, None]
    actual_revenue = actuals.per_month("revenue")
    if actual_revenue is not None:
        revenue[:done] = np.asarray(actual_revenue, dtype=np.float64)[:, None]
    elif won is not None:
        trials = deals.shape[1]
        each = amount_quantile(scenario.deal_size, sizes.standard_normal((int(sum(won)), trials)))
        ends = np.cumsum(won)
        running = np.concatenate([np.zeros((1, trials)), np.cumsum(each, axis=0)])[ends]
        revenue[:done] = np.diff(running, axis=0, prepend=0.0)


def _past_counts(scores: dict, drawn: dict, growth: np.ndarray, actuals: Actuals) -> dict[str, np.ndarray]:
    """Visits, leads and qualified of the months done, ``(months_done, trials)``: the actuals where given.

    A stage not given is drawn from the model given the stages that are: from the
    stage above when nothing below it is given (as the engine always does), else as
    the given count below plus those that stopped in between, e.g. visits =
    leads + Poisson(mean x (1 - visit_to_lead)), leads = qualified +
    Binomial(visits - qualified, v2l (1 - l2q) / (1 - v2l l2q)).
    """
    done = growth.size
    trials = drawn["traffic_mean"].size
    given = {stage: actuals.per_month(stage) for stage in _CHAIN}
    counts: dict[str, np.ndarray] = {}
    for i, stage in enumerate(_CHAIN):
        if given[stage] is not None:
            counts[stage] = np.broadcast_to(np.asarray(given[stage], dtype=np.int64)[:, None], (done, trials))
            continue
        z = scores[stage][:done]
        below = next((s for s in _CHAIN[i + 1 :] if given[s] is not None), None)
        # Chance that a count of this stage reaches the given stage below (1 when none is).
        onward = np.ones(trials)
        for later in _CHAIN[i + 1 : _CHAIN.index(below) + 1] if below else ():
            onward = onward * drawn[_RATE_INTO[later]]
        if i == 0:
            mean = growth[:, None] * drawn["traffic_mean"]
            if below is None:
                counts[stage] = poisson_quantile(z, mean)
            else:
                counts[stage] = _column(given[below]) + poisson_quantile(z, mean * (1 - onward))
            continue
        above, into = counts[_CHAIN[i - 1]], drawn[_RATE_INTO[stage]]
        if below is None:
            counts[stage] = binomial_quantile(z, above, into)
        else:
            base = _column(given[below])
            reached = into * onward
            share = np.divide(into - reached, 1 - reached, out=np.zeros(trials), where=reached < 1)
            counts[stage] = base + binomial_quantile(z, np.maximum(above - base, 0), share)
    return counts


def _column(monthly: tuple) -> np.ndarray:
    """Monthly counts as a ``(months, 1)`` column, to broadcast over trials."""
    return np.asarray(monthly, dtype=np.int64)[:, None]
