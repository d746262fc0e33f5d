"""One channel's top of the funnel in a chunk of trials: visits or leads, then leads and qualified opportunities.

Per trial the channel's uncertain inputs (its mean volume or its cost per unit, and its rates) are drawn
once from their 90% ranges; each month's counts are then drawn as counts at scores of their own
(:mod:`simulator.engine.counts`): what the channel brings ~ Poisson(its mean that month, from
:meth:`~simulator.model.channels.Channel.mean_volume`), leads ~ Binomial(visits, visit-to-lead) when it
brings visits, qualified ~ Binomial(leads, lead-to-qualified). Given a trial's inputs each month has that
exact law and months and channels are independent, so a channel's leads over any window, and the sum of
the channels, are Poisson mixtures that tests check against theory.

Common random numbers: a channel's numbers come from streams keyed by its name
(:func:`channel_streams`), so adding, removing or reordering other channels leaves its luck as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.addressed_random import named_streams
from simulator.engine.counts import binomial_quantile, poisson_quantile
from simulator.model.channels import Channel, ChannelUnit
from simulator.model.distributions import amount_quantile, rate_quantile

#: A channel's drawn inputs (one score per trial) and its monthly counts (one score per trial and month).
TRIAL_SCORES = ("volume", "visit_to_lead", "lead_to_qualified")
MONTH_SCORES = ("units", "leads", "qualified")


@dataclass(frozen=True)
class ChannelCounts:
    """What one channel brought in a chunk of trials: counts of shape ``(months, trials)``, inputs ``(trials,)``.

    Attributes
    ----------
    visits, leads, qualified : ndarray of int64
        Per month; a channel that brings leads has no visits (zeros).
    drawn : dict of str to ndarray
        ``volume`` (organic: mean visits or leads in month 1) or ``cost_per`` (paid: cost per unit at low
        spend), ``visit_to_lead`` (channels that bring visits) and ``lead_to_qualified``.
    """

    visits: np.ndarray
    leads: np.ndarray
    qualified: np.ndarray
    drawn: dict[str, np.ndarray]


def channel_streams(chunk_rng: np.random.Generator, name: str) -> dict[str, np.random.Generator]:
    """The channel's streams in one chunk, one per score of :data:`TRIAL_SCORES` and :data:`MONTH_SCORES`,
    keyed by its name (:func:`~simulator.engine.addressed_random.named_streams`)."""
    return named_streams(chunk_rng, name, TRIAL_SCORES + MONTH_SCORES)


def channel_scores(streams: dict[str, np.random.Generator], trials: int, months: int) -> dict[str, np.ndarray]:
    """Standard-normal scores: one per trial for each drawn input, one per month and trial for each count.

    Month by month (``(months, trials)``), so month ``m``'s scores do not depend on the horizon.
    """
    scores = {name: streams[name].standard_normal(trials) for name in TRIAL_SCORES}
    return scores | {
        name: streams[name].standard_normal((months, trials), dtype=np.float32) for name in MONTH_SCORES
    }


def run_channel(channel: Channel, scores: dict[str, np.ndarray], months: int) -> ChannelCounts:
    """The channel's inputs and counts at the given scores (:func:`channel_scores`, or the engine's own
    streams for the scenario without channels)."""
    given = channel.drawn_range
    level = amount_quantile(given, scores["volume"])
    units = poisson_quantile(scores["units"], channel.mean_volume(level, months))
    drawn = {channel.drawn_name: level}
    if channel.unit is ChannelUnit.VISITS:
        drawn["visit_to_lead"] = rate_quantile(channel.visit_to_lead, scores["visit_to_lead"])
        visits, leads = units, binomial_quantile(scores["leads"], units, drawn["visit_to_lead"])
    else:
        visits, leads = np.zeros_like(units), units
    drawn["lead_to_qualified"] = rate_quantile(channel.lead_to_qualified, scores["lead_to_qualified"])
    qualified = binomial_quantile(scores["qualified"], leads, drawn["lead_to_qualified"])
    return ChannelCounts(visits=visits, leads=leads, qualified=qualified, drawn=drawn)
