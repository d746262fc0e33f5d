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
    """

    deals: np.ndarray
    revenue: np.ndarray
    closed: np.ndarray


def close_opportunities(
    worked: np.ndarray,
    open_pipeline: int,
    win_rate: np.ndarray,
    cycle: tuple[np.ndarray, np.ndarray],
    deal_size: Range,
    keys: np.ndarray,
    first_trial: int,
) -> Closings:
    """Won deals, revenue and closed opportunities per month, from the opportunities worked.

    Parameters
    ----------
    worked : ndarray of int64, shape ``(months, trials)``
        Opportunities worked per month.
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

    Returns
    -------
    Closings
    """
    months, trials = worked.shape
    lag_cdf, open_cdf = cycle
    figures = {name: np.zeros((trials, months), dtype=np.int64) for name in ("deals", "closed")}
    revenue = np.zeros((trials, months))
    size_mu, size_sigma = (deal_size.low, 0.0) if deal_size.is_known else lognormal_parameters(deal_size)
    _close(
        np.ascontiguousarray(worked.T),
        open_pipeline,
        np.asarray(win_rate, dtype=np.float64),
        (lag_cdf, _fixed_lag(lag_cdf), open_cdf, _fixed_lag(open_cdf)),
        (float(size_mu), float(size_sigma)),
        keys,
        first_trial,
        (figures["deals"], figures["closed"], revenue),
    )
    return Closings(deals=figures["deals"].T, revenue=revenue.T, closed=figures["closed"].T)


def _fixed_lag(cdf: np.ndarray) -> int:
    """The lag every opportunity takes when a cycle table has a single step (a whole-month cycle), else -1."""
    return cdf.size - 1 if not cdf[:-1].any() else -1


@numba.njit(nogil=True, cache=True)
def _close(worked, open_pipeline, win_rate, cycle, size, keys, first_trial, outputs):
    """Every opportunity of every trial (module docstring); `worked` and the outputs are trial-major.

    `cycle` is ``(lag cdf, its fixed lag or -1, open-pipeline cdf, its fixed lag or -1)``, `size` the
    deal size's ``(mu, sigma)`` (sigma 0: a known size ``mu``), `outputs` ``(deals, closed, revenue)``.
    """
    lag_cdf, fixed_lag, open_cdf, fixed_open = cycle
    trials, months = worked.shape
    scratch = np.empty(WON_BLOCK, dtype=np.int64)
    for trial in range(trials):
        address = first_trial + trial
        p = win_rate[trial]
        # The open pipeline closes from month 1 on, along the time its cycles have left.
        _close_run(trial, 1, 0, open_pipeline, open_cdf, fixed_open, keys[3:], address, p, size, outputs, scratch)
        number = 0
        for cohort in range(1, months + 1):
            count = worked[trial, cohort - 1]
            _close_run(
                trial, cohort, number, count, lag_cdf, fixed_lag, keys[:3], address, p, size, outputs, scratch
            )
            number += count


@numba.njit(nogil=True, cache=True, inline="always")
def _close_run(trial, start, first, count, cdf, fixed, keys, address, p, size, outputs, won_numbers):
    """Opportunities `first`..`first + count - 1`, worked in month `start`, each closing `lag` months later.

    `keys` are the run's (wins, cycles, sizes) stream keys. A whole-month cycle (`fixed` >= 0) closes
    them all in one month, so only their wins are drawn one by one; `won_numbers` is scratch space
    of :data:`WON_BLOCK` numbers.
    """
    deals, closed, revenue = outputs
    months = deals.shape[1]
    if fixed >= 0:
        month = start + fixed
        if month > months:
            return
        closed[trial, month - 1] += count
        won, value = 0, 0.0  # kept in registers, not written to memory per opportunity
        for block in range(first, first + count, WON_BLOCK):
            # First which opportunities are won, without a branch (a won one's number is kept by moving
            # on), then their sizes: a branch on a 1-in-4 coin misses its guess too often to pay.
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
    for number in range(first, first + count):
        level = 1.0 - uniform(keys[1], address, number)  # in (0, 1], so a lag of probability 0 is never chosen
        lag = 0
        while cdf[lag] < level:  # tables are short and mostly found in their first months
            lag += 1
        month = start + lag
        if month <= months:
            closed[trial, month - 1] += 1
            if uniform(keys[0], address, number) < p:
                deals[trial, month - 1] += 1
                revenue[trial, month - 1] += _deal_size(size, keys[2], address, number)


@numba.njit(nogil=True, cache=True, inline="always")
def _deal_size(size, key, address, number):
    """One won deal's value: lognormal at its own score, or the known size when sigma is 0."""
    mu, sigma = size
    if sigma == 0.0:  # exp(log(1000)) is not exactly 1000
        return mu
    return np.exp(mu + sigma * normal(key, address, number))
