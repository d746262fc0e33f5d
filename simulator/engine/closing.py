"""Closing: which worked opportunities are won, in which month each closes, and what each deal is worth.

Per-opportunity luck. Every opportunity has its own numbers: a uniform that
decides whether it is won (won when below the trial's win rate), a uniform for
its sales cycle and a normal score for its size if won. The numbers are
addressed by (trial, opportunity) (:mod:`simulator.engine.addressed_random`):
the open pipeline's opportunities are numbered in one stream, the new ones in
the order the team works them in another, so an opportunity meets the same
numbers whatever other trials, months or scenarios do.

That gives both properties the engine needs:

* exact joint law: each opportunity is won independently with the win rate and
  closes after its own cycle, so each month's closed opportunities, won deals
  and revenue (a compound sum of lognormal deal sizes) have the model's exact
  distribution, and months are independent where the model says so;
* monotone: a higher win rate wins every opportunity won before and maybe more,
  more capacity or more opportunities work every opportunity no later, a
  shorter cycle closes every one no later, and a bigger deal size makes every
  deal bigger. So by any month no trial loses a deal or revenue when a lever is
  raised, even after months of actuals.

The queue runs as compiled code (numba), trial by trial; its cost grows with the
number of opportunities closed in the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from simulator.engine.addressed_random import normal, uniform
from simulator.model.distributions import Range, lognormal_parameters

#: Opportunities judged won or lost before their sizes are drawn (see :func:`_close_run`).
WON_BLOCK = 1024
#: Guide-table entries per month of a cycle table, and at most (see :func:`_guide`).
GUIDE_PER_LAG, MAX_GUIDE = 16, 4096
#: The streams of numbers closing uses, in the order of their keys.
STREAMS = ("new_wins", "new_cycles", "new_sizes", "open_wins", "open_cycles", "open_sizes")


@dataclass(frozen=True)
class Closings:
    """What closes in each month of a chunk of trials, arrays of shape ``(months, trials)``.

    Attributes
    ----------
    deals : ndarray of int64
        Won deals closed in the month.
    revenue : ndarray of float64
        Value of those deals.
    closed : ndarray of int64
        Opportunities closed in the month, won or lost.
    channel_deals, channel_revenue : ndarray or None
        When asked for, the won deals and revenue of each channel's opportunities, shape
        ``(channels, months, trials)`` (the open pipeline's are in the totals only).
    """

    deals: np.ndarray
    revenue: np.ndarray
    closed: np.ndarray
    channel_deals: np.ndarray | None = None
    channel_revenue: np.ndarray | None = None


def close_opportunities(
    worked: np.ndarray,
    open_pipeline: int,
    win_rate: np.ndarray,
    cycle: tuple[np.ndarray, np.ndarray],
    deal_size: Range,
    keys: np.ndarray,
    first_trial: int,
    *,
    by_channel: bool = False,
) -> Closings:
    """Won deals, revenue and closed opportunities per month, from the opportunities worked.

    Within a month, the opportunities worked are numbered channel by channel, so one channel is the
    numbering of the whole queue and each channel's deals are those of its own opportunities.

    Parameters
    ----------
    worked : ndarray of int64, shape ``(channels, months, trials)``
        Opportunities of each channel worked per month.
    open_pipeline : int
        Opportunities open at the start.
    win_rate : ndarray of float64, shape ``(trials,)``
        Each trial's win rate.
    cycle : tuple of ndarray
        ``(close_lag_cdf, open_close_cdf)`` of :mod:`simulator.model.sales_cycle`.
    deal_size : Range
        90% range of one deal's value.
    keys : ndarray of uint64
        One key per stream of :data:`STREAMS` (:func:`simulator.engine.addressed_random.stream_keys`).
    first_trial : int
        Number of the first trial of `worked` in the whole run: part of each number's address.
    by_channel : bool
        Also return each channel's deals and revenue.

    Returns
    -------
    Closings
    """
    channels, months, trials = worked.shape
    lag_cdf, open_cdf = cycle
    # One set of outputs for everything, or the open pipeline's (0) and each channel's (1...).
    sources = channels + 1 if by_channel else 1
    figures = {name: np.zeros((sources, trials, months), dtype=np.int64) for name in ("deals", "closed")}
    revenue = np.zeros((sources, trials, months))
    size_mu, size_sigma = (deal_size.low, 0.0) if deal_size.is_known else lognormal_parameters(deal_size)
    _close(
        np.ascontiguousarray(worked.transpose(0, 2, 1)),
        open_pipeline,
        np.asarray(win_rate, dtype=np.float64),
        (lag_cdf, _guide(lag_cdf), _fixed_lag(lag_cdf), open_cdf, _guide(open_cdf), _fixed_lag(open_cdf)),
        (float(size_mu), float(size_sigma)),
        keys,
        first_trial,
        (figures["deals"], figures["closed"], revenue),
    )
    if not by_channel:
        return Closings(deals=figures["deals"][0].T, revenue=revenue[0].T, closed=figures["closed"][0].T)
    return Closings(
        deals=figures["deals"].sum(axis=0).T,
        revenue=revenue.sum(axis=0).T,
        closed=figures["closed"].sum(axis=0).T,
        channel_deals=figures["deals"][1:].transpose(0, 2, 1),
        channel_revenue=revenue[1:].transpose(0, 2, 1),
    )


def _fixed_lag(cdf: np.ndarray) -> int:
    """The lag every opportunity takes when a cycle table has a single step (a whole-month cycle), else -1."""
    return cdf.size - 1 if not cdf[:-1].any() else -1


def _guide(cdf: np.ndarray) -> np.ndarray:
    """A guide table for drawing a lag from `cdf` (Chen and Asau, 1974): where to start looking for a level.

    ``guide[i]`` is the first lag whose cdf reaches just below ``i / m``: no later than the lag of any
    level in ``[i / m, (i + 1) / m)``, and with ``m`` = 16 entries per lag, seldom more than one short of it.
    """
    buckets = min(GUIDE_PER_LAG * cdf.size, MAX_GUIDE)
    # A hair below i / m, so rounding in level * m never starts the search past a level's lag.
    return np.searchsorted(cdf, (np.arange(buckets + 1) - 1e-6) / buckets, side="left").astype(np.int64)


@numba.njit(nogil=True, cache=True)
def _close(worked, open_pipeline, win_rate, cycle, size, keys, first_trial, outputs):
    """Every opportunity of every trial (module docstring); `worked` and the outputs are trial-major.

    `worked` is ``(channels, trials, months)``. `cycle` is ``(lag cdf, its guide, its fixed lag or -1)``
    and the same for the open pipeline, `size` the deal size's ``(mu, sigma)`` (sigma 0: a known size
    ``mu``), `outputs` ``(deals, closed, revenue)``, each ``(sources, trials, months)``: one source for
    everything, or the open pipeline's and then each channel's.
    """
    lag_cdf, lag_guide, fixed_lag, open_cdf, open_guide, fixed_open = cycle
    channels, trials, months = worked.shape
    by_channel = outputs[0].shape[0] > 1
    # Scratch: the won opportunities of a block (their numbers, their lags) and closings counted per lag.
    scratch = (
        np.empty(WON_BLOCK, dtype=np.int64),
        np.empty(WON_BLOCK, dtype=np.int64),
        np.empty(max(lag_cdf.size, open_cdf.size), dtype=np.int64),
    )
    opening, cohorts = (open_cdf, open_guide, fixed_open), (lag_cdf, lag_guide, fixed_lag)
    for trial in range(trials):
        address = first_trial + trial
        p = win_rate[trial]
        # The open pipeline closes from month 1 on, along the time its cycles have left.
        pipeline = (outputs[0][0], outputs[1][0], outputs[2][0])
        _close_run(trial, 1, 0, open_pipeline, opening, keys[3:], address, p, size, pipeline, scratch)
        number = 0
        for cohort in range(1, months + 1):
            for channel in range(channels):
                source = channel + 1 if by_channel else 0
                into = (outputs[0][source], outputs[1][source], outputs[2][source])
                count = worked[channel, trial, cohort - 1]
                _close_run(trial, cohort, number, count, cohorts, keys[:3], address, p, size, into, scratch)
                number += count


@numba.njit(nogil=True, cache=True, inline="always")
def _close_run(trial, start, first, count, cycle, keys, address, p, size, outputs, scratch):
    """Opportunities `first`..`first + count - 1`, worked in month `start`, each closing `lag` months later.

    `cycle` is ``(cdf, guide, fixed)`` of the lag; `keys` are the run's (wins, cycles, sizes) stream
    keys. A whole-month cycle (`fixed` >= 0) closes them all in one month, so only their wins are drawn
    one by one. `scratch` is space for :data:`WON_BLOCK` won opportunities' numbers and lags, and a
    count per lag.

    Opportunities are judged in blocks, first without a branch on the win (a won one's number is kept
    by moving on) and with a lag found from its guide entry, then the won ones' sizes are drawn: a
    branch on a 1-in-4 coin or a search through the table misses its guess too often to pay. Sums run
    in the opportunities' order, so results do not depend on the blocks.
    """
    cdf, guide, fixed = cycle
    buckets = guide.size - 1
    deals, closed, revenue = outputs
    won_numbers, won_lags, per_lag = scratch
    months = deals.shape[1]
    if fixed >= 0:
        month = start + fixed
        if month > months:
            return
        closed[trial, month - 1] += count
        won, value = 0, 0.0  # kept in registers, not written to memory per opportunity
        for block in range(first, first + count, WON_BLOCK):
            found = 0
            for number in range(block, min(block + WON_BLOCK, first + count)):
                won_numbers[found] = number
                found += uniform(keys[0], address, number) < p
            for index in range(found):
                value += _deal_size(size, keys[2], address, won_numbers[index])
            won += found
        deals[trial, month - 1] += won
        revenue[trial, month - 1] += value
        return
    last_lag = min(cdf.size - 1, months - start)  # later lags close after the horizon
    per_lag[: last_lag + 1] = 0
    for block in range(first, first + count, WON_BLOCK):
        found = 0
        for number in range(block, min(block + WON_BLOCK, first + count)):
            level = 1.0 - uniform(keys[1], address, number)  # in (0, 1], so a lag of probability 0 is never chosen
            lag = guide[int(level * buckets)]
            while cdf[lag] < level:  # seldom taken: the guide starts at most a lag or so short
                lag += 1
            inside = lag <= last_lag
            per_lag[min(lag, last_lag)] += inside
            won_numbers[found] = number
            won_lags[found] = lag
            found += inside & (uniform(keys[0], address, number) < p)
        for index in range(found):
            month = start + won_lags[index]
            deals[trial, month - 1] += 1
            revenue[trial, month - 1] += _deal_size(size, keys[2], address, won_numbers[index])
    for lag in range(last_lag + 1):
        closed[trial, start + lag - 1] += per_lag[lag]


@numba.njit(nogil=True, cache=True, inline="always")
def _deal_size(size, key, address, number):
    """One won deal's value: lognormal at its own score, or the known size when sigma is 0."""
    mu, sigma = size
    if sigma == 0.0:  # exp(log(1000)) is not exactly 1000
        return mu
    return np.exp(mu + sigma * normal(key, address, number))
