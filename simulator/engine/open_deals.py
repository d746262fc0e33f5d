"""The open deals' outcomes in every trial: won or lost on each deal's own luck, closed in the period or not.

Per trial the share of deals that slip is drawn once from its 90% range (logit-normal, as the rates; a known
share as given). Each deal then has three numbers of its own, addressed by (its key, trial): whether it is won
(below its stage's probability), whether it slips (below the trial's share) and, when it does, its delay
(exponential of the mean slip). Its key is a hash of its id under the pipeline's seed, so a deal's luck is its
own: removing, adding or reordering other deals changes nothing of it, and "deals that matter" can take a deal
out of every trial without running them again. Given the trial's share ``s``, deal ``i`` counts for the period
with probability ``p_i ((1 - s) + s (1 - exp(-(L - d_i) / D)))`` (``L`` days left, ``d_i`` its close day, ``D``
the mean slip), independently of the others: a Poisson-binomial count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numba
import numpy as np

from simulator.engine.addressed_random import normal, stream_keys, uniform
from simulator.model.distributions import rate_quantile
from simulator.model.open_deals import Pipeline


@dataclass(frozen=True, eq=False)
class DealOutcomes:
    """Every open deal's outcome in every trial.

    Attributes
    ----------
    pipeline : Pipeline
        The inputs.
    counted : ndarray of bool, shape ``(trials, deals)``
        Won and closed by the period's end.
    won : ndarray of bool, shape ``(trials, deals)``
        Won, in the period or after it.
    closed_by : ndarray of int16, shape ``(trials, deals)``
        For a won deal, the first of the `days` asked for by which it has closed; ``len(days)`` for a deal lost
        or closing after the last of them (the period's running total at ``days[k]`` counts ``closed_by <= k``).
    slip_share : ndarray of float64, shape ``(trials,)``
        The share of deals that slip, drawn per trial.
    """

    pipeline: Pipeline
    counted: np.ndarray
    won: np.ndarray
    slip_share: np.ndarray
    closed_by: np.ndarray

    def deals_won(self) -> np.ndarray:
        """Open deals won in the period, per trial."""
        return self.counted.sum(axis=1)

    def revenue(self) -> np.ndarray:
        """Their amounts, per trial."""
        return self.counted @ np.array([deal.amount for deal in self.pipeline.deals], dtype=np.float64)


def deal_keys(pipeline: Pipeline, base: np.uint64) -> np.ndarray:
    """Each deal's 64-bit stream key: a hash of its id, mixed with the pipeline's `base` key."""
    hashes = [_hash(deal.deal_id) for deal in pipeline.deals]
    return np.array(hashes, dtype=np.uint64) ^ base


def _hash(deal_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(deal_id.encode(), digest_size=8).digest(), "little")


def simulate_open_deals(pipeline: Pipeline, *, rng=None, days: tuple[float, ...] = ()) -> DealOutcomes:
    """Draw every open deal's outcome in ``pipeline.trials`` trials.

    Parameters
    ----------
    pipeline : Pipeline
    rng : int, numpy.random.Generator or None
        Source of the streams' keys; None uses ``pipeline.seed``.
    days : tuple of float
        Days after the review, ascending, by which :attr:`DealOutcomes.closed_by` tells whether each won deal
        has closed (the same draws: a deal's luck does not depend on them).

    Examples
    --------
    >>> from simulator.model.open_deals import OpenDeal
    >>> deals = (OpenDeal(deal_id="A", stage="Negotiation/Review", amount=10_000.0, close_day=20.0),)
    >>> outcomes = simulate_open_deals(Pipeline(deals=deals, trials=1000), rng=42)
    >>> bool(0.8 < outcomes.won.mean() < 1.0)
    True
    """
    share_key, base = stream_keys(np.random.default_rng(pipeline.seed if rng is None else rng), 2)
    trials = pipeline.trials
    scores = _scores(share_key, trials)
    share = rate_quantile(pipeline.slip_share, scores)  # a known share: the share itself
    probabilities = np.array(pipeline.probabilities(), dtype=np.float64)
    close_days = np.array([deal.close_day for deal in pipeline.deals], dtype=np.float64)
    counted = np.empty((trials, len(pipeline.deals)), dtype=np.bool_)
    won = np.empty_like(counted)
    closed_by = np.empty(counted.shape, dtype=np.int16)
    keys = deal_keys(pipeline, base)
    checkpoints = np.array(days, dtype=np.float64)
    _outcomes(
        keys, probabilities, close_days, share, pipeline.days_left, pipeline.mean_slip_days, checkpoints,
        counted, won, closed_by,
    )  # fmt: skip
    return DealOutcomes(pipeline, counted, won, share, closed_by)


@numba.njit(nogil=True, cache=True)
def _scores(key, trials):
    out = np.empty(trials)
    for trial in range(trials):
        out[trial] = normal(key, trial, 0)
    return out


@numba.njit(nogil=True, cache=True)
def _outcomes(keys, probabilities, close_days, share, days_left, mean_slip, days, counted, won, closed_by):
    for trial in range(counted.shape[0]):
        for deal in range(keys.size):
            key = keys[deal]
            won[trial, deal] = uniform(key, trial, 0) < probabilities[deal]
            close = close_days[deal]
            if uniform(key, trial, 1) < share[trial]:
                close += -mean_slip * np.log1p(-uniform(key, trial, 2))
            counted[trial, deal] = won[trial, deal] and close <= days_left
            closed_by[trial, deal] = _first_at_or_after(days, close) if won[trial, deal] else days.size


@numba.njit(nogil=True, cache=True, inline="always")
def _first_at_or_after(days, close):
    """The first index of ascending `days` at or after `close` (``days.size`` when none): a binary search
    written out, as numba's ``np.searchsorted`` of one value costs as much as the rest of a deal's draws."""
    low, high = 0, days.size
    while low < high:
        middle = (low + high) // 2
        if days[middle] < close:
            low = middle + 1
        else:
            high = middle
    return low
