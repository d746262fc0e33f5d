"""What each channel brings and costs over the target's window, and where the next $1,000 a month goes.

Figures are over the target's window (its months ``start_month`` to the deadline), so the table says which
channels carry the target. A channel's deals and revenue are those of its own opportunities (the open
pipeline's belong to no channel); its CAC and ROI count its own spend only, not the reps' cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from simulator.analysis.statistics import paired_difference, percentiles
from simulator.analysis.targets import hits
from simulator.analysis.windows import figure_values, target_values
from simulator.engine.funnel import simulate
from simulator.engine.result import CHANNEL_FIGURES, ChannelResult, SimulationResult
from simulator.model.scenario import Scenario
from simulator.model.target import Target

#: The extra spend per month the "next dollar" table prices, in the scenario's currency.
NEXT_SPEND = 1000.0


@dataclass(frozen=True)
class ChannelRow:
    """One channel's figures over the target's window.

    Attributes
    ----------
    name : str
    spend : float
        Its spend over the window (known: an input).
    figures : dict of str to tuple of float
        P10, P50 and P90 of each of :data:`~simulator.engine.result.CHANNEL_FIGURES` (visits NaN for a channel
        that brings leads) and of ``cost_per_lead``
        (spend / leads), ``cac`` (spend / won deals; infinite without a deal) and ``roi`` ((revenue x gross
        margin - spend) / spend; none without spend).
    mean_deals, mean_revenue : float
        Mean won deals and revenue of its opportunities: what it carries of the target.
    """

    name: str
    spend: float
    figures: dict[str, tuple[float, ...]]
    mean_deals: float
    mean_revenue: float


def channel_rows(result: SimulationResult, target: Target) -> list[ChannelRow]:
    """Each channel's row over the target's window; empty for a scenario without channels."""
    return [_row(channel, result.scenario.gross_margin, target) for channel in result.channels]


def _row(channel: ChannelResult, margin: float, target: Target) -> ChannelRow:
    window = slice(target.start_month - 1, target.deadline_month)
    totals = {name: channel.monthly[name][:, window].sum(axis=1, dtype=np.float64) for name in CHANNEL_FIGURES}
    spend = float(channel.spend[window].sum())
    profit = totals["revenue"] * margin - spend
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = {
            "cost_per_lead": np.where(totals["leads"] > 0, spend / totals["leads"], np.inf),
            "cac": np.where(totals["deals"] > 0, spend / totals["deals"], np.inf),
            "roi": profit / spend if spend > 0 else np.full_like(profit, np.nan),
        }
    figures = {name: percentiles(values) for name, values in (totals | ratios).items()}
    if channel.channel.visit_to_lead is None:  # it brings leads: it has no visits to count
        figures["visits"] = (math.nan,) * len(figures["visits"])
    return ChannelRow(
        channel.channel.name, spend, figures, float(totals["deals"].mean()), float(totals["revenue"].mean())
    )


@dataclass(frozen=True)
class NextSpend:
    """What :data:`NEXT_SPEND` more a month in one paid channel brings over the target's window.

    Each change is the mean of the paired trials' differences (the same trial with and without the extra
    spend, on common random numbers) with its standard error.

    Attributes
    ----------
    name : str
    deals, gross_profit, odds : tuple of float
        (change, standard error): won deals, gross profit (the extra spend included) and the odds of the
        target (a share, 0.01 is one point).
    """

    name: str
    deals: tuple[float, float]
    gross_profit: tuple[float, float]
    odds: tuple[float, float]


def next_spend(scenario: Scenario, base: SimulationResult | None = None) -> list[NextSpend]:
    """For each paid channel, the change that :data:`NEXT_SPEND` more a month (every month) makes.

    Organic channels are left out: their spend is a fixed cost that buys no volume in the model.

    Parameters
    ----------
    scenario : Scenario
        With channels.
    base : SimulationResult, optional
        ``simulate(scenario)`` when already at hand.

    Returns
    -------
    list of NextSpend
        In the scenario's order of channels.
    """
    base = simulate(scenario) if base is None else base
    target = scenario.target
    answers = []
    for index, channel in enumerate(scenario.channels):
        if channel not in scenario.paid_channels():
            continue
        channels = list(scenario.channels)
        channels[index] = channel.spending_more(NEXT_SPEND)
        more = simulate(replace(scenario, channels=tuple(channels)))

        def change(figure: str, more=more) -> tuple[float, float]:
            return paired_difference(figure_values(more, figure, target), figure_values(base, figure, target))

        hit = (hits(target_values(result, target), target) for result in (more, base))
        answers.append(NextSpend(channel.name, change("deals"), change("gross_profit"), paired_difference(*hit)))
    return answers
