"""The Monte Carlo funnel: visits -> leads -> qualified -> worked -> won deals -> revenue.

Two kinds of uncertainty are kept apart. Per trial, each uncertain input (mean
traffic, the three conversion rates) is drawn once from its 90% range: *we don't
know the true value*. Then each month's counts are drawn as counts: *luck in this
month* (Poisson visits, binomial leads and qualified opportunities).

Common random numbers: every count is a monotone quantile function evaluated at
a fixed normal score (see :mod:`simulator.engine.counts`), each random quantity has its
own stream spawned from the seed, and month ``m``'s scores do not depend on the
horizon. So a slider moved a little changes few trials, by little, and raising an
input never lowers any trial's won deals or revenue.

Which worked opportunities are won, and how big each deal is, are properties of
the trial's stream of opportunities, not of the calendar: deals closed by month
``t`` are a function of the number of opportunities closed by then, drawn with
one score per trial. That is what keeps won deals monotone when capacity moves
work between months; each month's running total has the exact binomial
distribution, and a trial that is lucky at closing stays lucky.

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

from simulator.engine.counts import binomial_quantile, poisson_quantile
from simulator.engine.result import SimulationResult
from simulator.model.distributions import amount_cv2, amount_mean, amount_quantile, rate_quantile
from simulator.model.scenario import InputError, Scenario
from simulator.model.stages import RATES, STAGES

if TYPE_CHECKING:  # the engine never imports the history layer at run time
    from simulator.history.reforecast import Actuals

#: Revenue's normal score is capped here: above about 4.14 the lognormal
#: approximation of a sum of deals could fall when one more deal is added.
REVENUE_SCORE_CAP = 4.0

# One independent random stream each; the order is part of the seed's meaning.
TRIAL_STREAMS = ("traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate", "wins", "open_wins", "revenue")
MONTH_STREAMS = ("visits", "leads", "qualified")
DRAWN_INPUTS = ("traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate")
_MONTHLY_FIGURES = ("visits", "leads", "qualified", "worked", "backlog", "closed", "deals", "revenue")
#: The result's array of each funnel stage.
STAGE_FIELDS = dict(zip(STAGES, ("visits", "leads", "qualified", "deals"), strict=True))
#: The stages drawn month by month (all but won deals), top down, and the rate that leads into each.
_CHAIN = tuple(STAGE_FIELDS[stage] for stage in STAGES[:-1])
_RATE_INTO = {STAGE_FIELDS[rate.result]: rate.name for rate in RATES if STAGE_FIELDS[rate.result] in _CHAIN}
# Threads for large runs; below a chunk's worth of trials one thread is faster.
_WORKERS = min(4, os.cpu_count() or 1)
_TRIALS_PER_CHUNK = 10_000


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
        leads + Poisson(mean traffic x (1 - visit-to-lead))). Won deals after the
        months done are Binomial(opportunities closing after them, win rate) on top
        of the actual won deals; their revenue is added to the actual revenue.
        The trials are *not* weighted by how likely the actuals are:
        :func:`simulator.history.reforecast.reforecast` does that.

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> from simulator.model.scenario import Scenario
    >>> result = simulate(Scenario(trials=1000, horizon_months=6), rng=42)
    >>> result.deals.shape
    (1000, 6)
    >>> bool((result.leads <= result.visits).all())
    True
    """
    rng = np.random.default_rng(scenario.seed if rng is None else rng)
    trials, months = scenario.trials, scenario.horizon_months
    if actuals is not None and actuals.months_done > months:
        raise InputError("actuals.months_done", actuals.months_done, f"at most the horizon, {months} months")
    if actuals is not None and actuals.months_done == 0:
        actuals = None  # nothing has happened yet: the plain simulation
    names = TRIAL_STREAMS + MONTH_STREAMS
    streams = dict(zip(names, rng.spawn(len(names)), strict=True))
    scores = {name: streams[name].standard_normal(trials) for name in TRIAL_STREAMS}
    # Drawn month by month, so month m's scores do not depend on the horizon.
    scores |= {name: streams[name].standard_normal((months, trials), dtype=np.float32) for name in MONTH_STREAMS}

    drawn = {
        "traffic_mean": amount_quantile(scenario.traffic, scores["traffic_mean"]),
        "visit_to_lead": rate_quantile(scenario.visit_to_lead, scores["visit_to_lead"]),
        "lead_to_qualified": rate_quantile(scenario.lead_to_qualified, scores["lead_to_qualified"]),
        "win_rate": rate_quantile(scenario.win_rate, scores["win_rate"]),
    }

    # Trials are independent once their scores are drawn: work on chunks of them in
    # threads (numpy releases the GIL), writing into shared (months, trials) arrays.
    monthly = {
        name: np.empty((months, trials), dtype=np.float64 if name == "revenue" else np.int64)
        for name in _MONTHLY_FIGURES
    }
    chunks = min(_WORKERS, -(-trials // _TRIALS_PER_CHUNK))
    parts = [slice(p[0], p[-1] + 1) for p in np.array_split(np.arange(trials), chunks)]
    with ThreadPoolExecutor(max_workers=chunks) as pool:
        list(pool.map(lambda part: _run_funnel(scenario, scores, drawn, part, monthly, actuals), parts))

    monthly_costs = np.full(months, float(scenario.monthly_costs))
    if actuals is not None and (past_costs := actuals.per_month("costs")) is not None:
        monthly_costs[: actuals.months_done] = past_costs
    costs = np.broadcast_to(monthly_costs, (trials, months))
    return SimulationResult(
        scenario=scenario, costs=costs, drawn=drawn, **{name: values.T for name, values in monthly.items()}
    )


def _run_funnel(
    scenario: Scenario, scores: dict, drawn: dict, part: slice, monthly: dict, actuals: Actuals | None = None
) -> None:
    """The funnel for trials `part`: counts as ``(months, trials)``, written into `monthly`."""
    scores = {name: values[..., part] for name, values in scores.items()}
    drawn = {name: values[part] for name, values in drawn.items()}
    months = scenario.horizon_months

    growth = (1 + scenario.traffic_growth) ** np.arange(months)
    visits = poisson_quantile(scores["visits"], growth[:, None] * drawn["traffic_mean"])
    leads = binomial_quantile(scores["leads"], visits, drawn["visit_to_lead"])
    qualified = binomial_quantile(scores["qualified"], leads, drawn["lead_to_qualified"])
    if actuals is not None:  # the months done take what happened; later months are drawn as ever
        past = _past_counts(scores, drawn, growth[: actuals.months_done], actuals)
        for stage, counts in zip(_CHAIN, (visits, leads, qualified), strict=True):
            counts[: actuals.months_done] = past[stage]
    worked, backlog = _work_within_capacity(qualified, scenario.capacity_by_month())

    closed = _closed_by_month(np.cumsum(worked, axis=0), scenario.sales_cycle_months)
    win_rate = drawn["win_rate"]
    won = None if actuals is None else actuals.per_month("won")
    if won is not None:
        cumulative_deals = _deals_after_actuals(scenario, closed, np.cumsum(won), win_rate, scores["wins"])
    else:
        cumulative_deals = binomial_quantile(scores["wins"], closed, win_rate)
        if scenario.open_pipeline:
            open_closed = _open_pipeline_closed_by_month(
                scenario.open_pipeline, scenario.sales_cycle_months, months
            )
            # Few distinct counts (one per month of the spread): draw each once, then index.
            counts, month_index = np.unique(open_closed, return_inverse=True)
            open_deals = binomial_quantile(scores["open_wins"], counts[:, None], win_rate)
            cumulative_deals += open_deals[month_index]
    revenue = None if actuals is None else actuals.per_month("revenue")
    if revenue is not None:
        # Actual revenue to date, plus the value of the deals won after the months done.
        done = actuals.months_done
        so_far = np.cumsum(np.asarray(revenue, dtype=np.float64))
        new_deals = cumulative_deals[done:] - cumulative_deals[done - 1]
        later = _revenue_of_deals(new_deals, scenario, scores["revenue"]) if new_deals.size else new_deals
        cumulative_revenue = np.concatenate(
            [np.broadcast_to(so_far[:, None], (done, cumulative_deals.shape[1])), so_far[-1] + later]
        )
    else:
        cumulative_revenue = _revenue_of_deals(cumulative_deals, scenario, scores["revenue"])

    figures = {
        "visits": visits,
        "leads": leads,
        "qualified": qualified,
        "worked": worked,
        "backlog": backlog,
        "closed": _monthly(_with_open_pipeline(closed, scenario)),
        "deals": _monthly(cumulative_deals),
        "revenue": _monthly(cumulative_revenue),
    }
    for name, values in figures.items():
        monthly[name][:, part] = values


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


def _deals_after_actuals(
    scenario: Scenario, closed: np.ndarray, won_so_far: np.ndarray, win_rate: np.ndarray, score: np.ndarray
) -> np.ndarray:
    """Running won deals when the first months' won deals are known (`won_so_far`, cumulative).

    Deals after the months done are Binomial(opportunities, new or open, closing
    after them, win rate), drawn on running totals with one score per trial.
    """
    done = won_so_far.size
    closed = _with_open_pipeline(closed, scenario)
    new = binomial_quantile(score, closed[done:] - closed[done - 1], win_rate)
    past = np.broadcast_to(won_so_far.astype(np.int64)[:, None], (done, closed.shape[1]))
    return np.concatenate([past, won_so_far[-1] + new])


def opportunities_closed_by(result: SimulationResult, month: int) -> np.ndarray:
    """Opportunities (new and open pipeline) closed, won or lost, by the end of `month`, per trial.

    Parameters
    ----------
    result : SimulationResult
    month : int
        1-based month; 0 gives zeros.

    Returns
    -------
    ndarray of int64, shape ``(trials,)``

    Examples
    --------
    >>> from simulator.model.scenario import Scenario
    >>> result = simulate(Scenario(trials=10, open_pipeline=30, sales_cycle_months=3), rng=42)
    >>> bool((opportunities_closed_by(result, 2) >= 20).all())
    True
    """
    scenario = result.scenario
    if month == 0:
        return np.zeros(result.trials, dtype=np.int64)
    cumulative_worked = np.cumsum(result.worked[:, :month].T, axis=0)
    return _with_open_pipeline(_closed_by_month(cumulative_worked, scenario.sales_cycle_months), scenario)[-1]


def _work_within_capacity(qualified: np.ndarray, capacity: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """FIFO queue: month m works up to ``capacity[m]`` of its new plus waiting opportunities."""
    if all(np.isinf(capacity)):
        return qualified, np.zeros_like(qualified)
    worked = np.empty_like(qualified)
    backlog = np.empty_like(qualified)
    waiting = np.zeros(qualified.shape[1], dtype=qualified.dtype)
    for month in range(qualified.shape[0]):
        available = waiting + qualified[month]
        np.minimum(available, np.floor(capacity[month]), out=worked[month], casting="unsafe")
        waiting = available - worked[month]
        backlog[month] = waiting
    return worked, backlog


def _closed_by_month(cumulative_worked: np.ndarray, cycle: float) -> np.ndarray:
    """Opportunities closed by the end of each month, from those worked by then.

    A cycle of ``k + f`` months closes a share ``1 - f`` of each month's work ``k``
    months later and the rest ``k + 1`` months later: the closed count is
    ``floor((1 - f) A[t - k] + f A[t - k - 1])`` for cumulative work ``A``, which
    never falls when any month's cumulative work rises.
    """
    whole = int(np.floor(cycle))
    late_share = cycle - whole
    months = cumulative_worked.shape[0]
    padded = np.concatenate([np.zeros((whole + 1, cumulative_worked.shape[1]), dtype=np.int64), cumulative_worked])
    on_time = padded[1 : months + 1]  # A[t - k]
    late = padded[:months]  # A[t - k - 1]
    if late_share == 0:
        return on_time
    return late + np.floor((1 - late_share) * (on_time - late)).astype(np.int64)


def _with_open_pipeline(closed: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Opportunities closed by each month, ``(months, trials)``, the open pipeline's added to the new ones'."""
    if not scenario.open_pipeline:
        return closed
    months = closed.shape[0]
    return (
        closed
        + _open_pipeline_closed_by_month(scenario.open_pipeline, scenario.sales_cycle_months, months)[:, None]
    )


def _open_pipeline_closed_by_month(open_pipeline: int, cycle: float, months: int) -> np.ndarray:
    """Open opportunities closed by each month: evenly over the first ``max(1, ceil(cycle))`` months."""
    spread = max(1, int(np.ceil(cycle)))
    month = np.arange(1, months + 1)
    return open_pipeline * np.minimum(month, spread) // spread


def _revenue_of_deals(deals: np.ndarray, scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """Total value of `deals` won deals, each with its own size from the deal-size range.

    The sum of ``D`` independent lognormal deal sizes is approximated by a lognormal
    with the same mean and variance (Fenton-Wilkinson), evaluated at one score per
    trial; it is exact for one deal and for a known deal size.
    """
    mean = amount_mean(scenario.deal_size)
    cv2 = amount_cv2(scenario.deal_size)
    if cv2 == 0:
        return deals * mean
    # The log-variance depends only on the number of deals: tabulate it once.
    count = np.arange(max(int(deals.max()), 1) + 1, dtype=np.float64)
    log_var = np.log1p(cv2 / np.maximum(count, 1.0))
    log_sd, log_shift = np.sqrt(log_var), -log_var / 2
    score = np.minimum(score, REVENUE_SCORE_CAP)
    return deals * mean * np.exp(log_sd[deals] * score + log_shift[deals])


def _monthly(cumulative: np.ndarray) -> np.ndarray:
    """Month-by-month figures from running totals along axis 0."""
    return np.diff(cumulative, axis=0, prepend=np.zeros_like(cumulative[:1]))
