"""Small summaries of a simulation, for charts and comparisons: binned, never raw trials."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.analysis.channels import ChannelRow, channel_rows
from simulator.analysis.readings import Reading, readings
from simulator.analysis.statistics import percentiles
from simulator.analysis.subscription_summary import SubscriptionSummary, subscription_summary
from simulator.analysis.targets import TargetResult, evaluate, hits
from simulator.analysis.windows import counted_result, target_values, window_values
from simulator.engine.result import SimulationResult
from simulator.model.stages import STAGES
from simulator.model.target import Metric, Target, Window

HISTOGRAM_BINS = 40


@dataclass(frozen=True, eq=False)
class Summary:
    """What a page needs to show one scenario's answer, a few kilobytes in all.

    Attributes
    ----------
    answer : TargetResult
        Odds, verdict, forecast levels and percentiles.
    hits : ndarray of bool, shape ``(trials,)``
        Whether each trial hit the target: pairs with another summary on the same seed.
    bin_edges : ndarray
        Edges of the histogram of the target metric over its window.
    bin_shares : ndarray
        Share of all trials in each bin (trials with no finite value, such as CAC
        without a deal, are left out and counted in `unbinned_share`).
    unbinned_share : float
        Share of trials whose value is not finite.
    funnel : dict of Metric to tuple of float
        P10, P50, P90 of each funnel stage over the target's window, keyed by its stage (its ``label`` names it in
        the reader's language: a summary is cached for every session, whatever its language).
    months : ndarray of int
        1..horizon.
    cumulative : bool
        Whether `over_time` is the running total from month 1 (a target by the deadline), or each
        month's own figure (a target on a window of months).
    over_time : ndarray, shape ``(3, months)``
        P10, P50, P90 of the target metric at each month, as `cumulative` says (a ratio: to date, or
        that month's).
    target_path : ndarray, shape ``(months,)``
        Where the target metric should stand each month to hit the target: the running total on a
        straight line to the deadline, or the monthly level over the window's months (NaN elsewhere);
        a ratio's threshold stays level.
    backlog_median : ndarray, shape ``(months,)``
        Median number of opportunities waiting for a rep at the end of each month.
    readings : tuple of Reading
        For a monthly goal, the odds of its three readings (see :mod:`simulator.analysis.readings`).
    channels : tuple of ChannelRow
        Each channel's figures over the target's window (:mod:`simulator.analysis.channels`); empty for a
        scenario without channels.
    subscription : SubscriptionSummary or None
        In subscription mode, the customer base's headline figures, MRR split and customers
        (:mod:`simulator.analysis.subscription_summary`); None otherwise.
    """

    answer: TargetResult
    hits: np.ndarray
    bin_edges: np.ndarray
    bin_shares: np.ndarray
    unbinned_share: float
    funnel: dict[Metric, tuple[float, float, float]]
    months: np.ndarray
    cumulative: bool
    over_time: np.ndarray
    target_path: np.ndarray
    backlog_median: np.ndarray
    readings: tuple[Reading, ...]
    channels: tuple[ChannelRow, ...] = ()
    subscription: SubscriptionSummary | None = None


def summarize(result: SimulationResult, target: Target | None = None) -> Summary:
    """Everything the simulator page draws, from one simulation.

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> summary = summarize(simulate(Scenario(trials=1000), rng=42))
    >>> summary.hits.shape, summary.over_time.shape
    ((1000,), (3, 12))
    """
    target = target or result.scenario.target
    answer = evaluate(result, target)
    values = target_values(result, target)
    edges, shares, unbinned = histogram(values)
    months = np.arange(1, result.months + 1)
    cumulative = target.window is Window.BY_DEADLINE
    counted = counted_result(result, target)  # the target metric over time: of the channels it counts
    over_time = np.array(
        [
            percentiles(window_values(counted, target.metric, Window.MONTHS, 1 if cumulative else m, m))
            for m in months
        ]
    ).T
    funnel = {stage: answer.percentiles[stage.value] for stage in STAGES}
    return Summary(
        answer=answer,
        hits=hits(values, target),
        bin_edges=edges,
        bin_shares=shares,
        unbinned_share=unbinned,
        funnel=funnel,
        months=months,
        cumulative=cumulative,
        over_time=over_time,
        target_path=target_path(target, result.months),
        backlog_median=np.median(result.backlog, axis=0),
        readings=readings(result, target),
        channels=tuple(channel_rows(result, target)),
        subscription=None if result.customer_base is None else subscription_summary(result, target),
    )


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> tuple[np.ndarray, np.ndarray, float]:
    """Bin edges, share of all trials per bin, and the share of non-finite values.

    Whole-number values (counts) get whole-number bins, so no bin straddles a count.
    """
    finite = values[np.isfinite(values)]
    unbinned = 1 - finite.size / values.size
    if finite.size == 0:
        return np.array([0.0, 1.0]), np.array([0.0]), unbinned
    low, high = float(finite.min()), float(finite.max())
    if np.all(finite == np.round(finite)):
        width = max(1, math.ceil((high - low + 1) / bins))
        edges = np.arange(low - 0.5, high + width + 0.5, width)
    else:
        edges = np.linspace(low, high if high > low else low + 1, bins + 1)
    counts, edges = np.histogram(finite, bins=edges)
    return edges, counts / values.size, unbinned


def target_path(target: Target, months: int) -> np.ndarray:
    """Where the target metric should stand each month to hit the target, NaN outside its months.

    By the deadline: the running total on a straight line to the threshold. Over a window: each month's
    share of it (the threshold / the window's months for a total, the threshold itself for an average or
    any one month). A ratio (CAC, a rate) stays at its threshold.

    Examples
    --------
    >>> target_path(Target(value=30, deadline_month=3), 4).tolist()
    [10.0, 20.0, 30.0, nan]
    >>> target_path(Target(window=Window.MONTHS, start_month=2, deadline_month=3, value=30), 4).tolist()
    [nan, 15.0, 15.0, nan]
    """
    month = np.arange(1, months + 1)
    inside = (month >= target.start_month) & (month <= target.deadline_month)
    if target.metric.is_ratio:
        level = np.full(months, target.threshold)
    elif target.window is Window.BY_DEADLINE:
        level = target.threshold * month / target.deadline_month
    else:
        level = np.full(months, target.threshold / target.months_counted)
    return np.where(inside, level, np.nan)


def odds_difference(current: Summary, baseline: Summary) -> tuple[float, float]:
    """Change in the odds against `baseline`, and its standard error from the paired trials.

    Both summaries must come from the same seed and number of trials: the same
    trial then meets the same luck in both, and the standard error of the
    difference is that of the per-trial differences, far smaller than if the two
    runs were independent.

    Examples
    --------
    >>> from simulator import Range, Scenario, simulate
    >>> from dataclasses import replace
    >>> a = Scenario(trials=4000)
    >>> b = replace(a, win_rate=Range(0.25, 0.35))
    >>> diff, se = odds_difference(summarize(simulate(b)), summarize(simulate(a)))
    >>> diff > 0 and se < 0.01
    True
    """
    if current.hits.size != baseline.hits.size:
        raise ValueError("the two summaries need the same number of trials to be paired")
    paired = current.hits.astype(np.float64) - baseline.hits
    return float(paired.mean()), float(paired.std(ddof=1) / math.sqrt(paired.size)) if paired.size > 1 else 0.0
