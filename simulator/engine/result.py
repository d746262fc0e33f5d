"""What a simulation returns: every stage and money figure of every trial and month."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from simulator.engine.subscriptions import CustomerBase
from simulator.model.channels import Channel
from simulator.model.scenario import Scenario
from simulator.model.target import Metric

#: Every figure that can be totalled by a month: the target metrics, worked opportunities and costs.
FIGURES = ("traffic", "leads", "qualified", "worked", "deals", "revenue", "costs", "gross_profit", "cac")
#: The monthly figures of each channel.
CHANNEL_FIGURES = ("visits", "leads", "qualified", "deals", "revenue")


@dataclass(frozen=True, eq=False)
class ChannelResult:
    """What one channel brought in every trial and month, and what was drawn for it.

    Attributes
    ----------
    channel : Channel
        The channel's inputs.
    monthly : dict of str to ndarray
        Each of :data:`CHANNEL_FIGURES`, shape ``(trials, months)``: its visits (zeros for a channel that brings
        leads), leads and qualified opportunities, and the won deals and revenue of its opportunities (the open
        pipeline's belong to no channel).
    drawn : dict of str to ndarray
        The channel's inputs drawn per trial, shape ``(trials,)`` (see
        :class:`simulator.engine.channel_funnel.ChannelCounts`).
    spend : ndarray of float64
        Its spend per month, shape ``(months,)``.
    """

    channel: Channel
    monthly: dict[str, np.ndarray]
    drawn: dict[str, np.ndarray]
    spend: np.ndarray

    @classmethod
    def allocate(cls, channel: Channel, trials: int, months: int) -> ChannelResult:
        """Room for the channel's figures, to be filled by the engine chunk by chunk."""
        monthly = {
            name: np.empty((trials, months), dtype=np.float64 if name == "revenue" else np.int64)
            for name in CHANNEL_FIGURES
        }
        drawn_names = [channel.drawn_name, "lead_to_qualified"]
        if channel.visit_to_lead is not None:
            drawn_names.insert(1, "visit_to_lead")
        return cls(
            channel, monthly, {name: np.empty(trials) for name in drawn_names}, channel.spend_by_month(months)
        )

    def rows(self, part: slice) -> ChannelResult:
        """The same figures for the trials of `part` only (views: writing to them fills this one)."""
        return ChannelResult(
            self.channel,
            {name: values[part] for name, values in self.monthly.items()},
            {name: values[part] for name, values in self.drawn.items()},
            self.spend,
        )


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Every stage and money figure of every trial and month.

    Monthly arrays have shape ``(trials, months)`` and hold the figure *of that
    month* (not cumulative); month ``m`` is column ``m - 1``.

    Attributes
    ----------
    scenario : Scenario
        The inputs that produced this result.
    visits, leads, qualified : ndarray of int64
        New visits, leads and qualified opportunities per month.
    worked : ndarray of int64
        Opportunities worked per month (qualified plus backlog, up to capacity).
    backlog : ndarray of int64
        Opportunities waiting at the end of the month for lack of capacity.
    closed : ndarray of int64
        Opportunities closed, won or lost, in the month, open pipeline included.
    deals : ndarray of int64
        Won deals closed in the month, open pipeline included.
    revenue : ndarray of float64
        Value of the deals closed in the month; in subscription mode the month's recurring revenue, the MRR at
        its end (the deals' value is then their annual contract value, 12 x the new MRR).
    costs : ndarray of float64
        Marketing spend plus reps' cost in the month (a read-only broadcast view).
    drawn : dict of str to ndarray
        Inputs drawn per trial, shape ``(trials,)``: ``traffic_mean`` (visits per
        month in month 1), ``visit_to_lead``, ``lead_to_qualified``, ``win_rate``;
        with channels only ``win_rate`` (each channel has its own).
    channels : tuple of ChannelResult
        Each channel's figures, when the scenario has channels; empty otherwise.
    customer_base : CustomerBase or None
        The customers and their MRR, in subscription mode (:mod:`simulator.engine.subscriptions`).
    """

    scenario: Scenario
    visits: np.ndarray
    leads: np.ndarray
    qualified: np.ndarray
    worked: np.ndarray
    backlog: np.ndarray
    closed: np.ndarray
    deals: np.ndarray
    revenue: np.ndarray
    costs: np.ndarray
    drawn: dict[str, np.ndarray]
    channels: tuple[ChannelResult, ...] = ()
    customer_base: CustomerBase | None = None

    @property
    def trials(self) -> int:
        """Number of trials."""
        return self.visits.shape[0]

    @property
    def months(self) -> int:
        """Number of months simulated."""
        return self.visits.shape[1]

    def for_channels(self, names: tuple[str, ...]) -> SimulationResult:
        """What the channels named brought, as a result of its own: their visits, leads, qualified, won deals and
        revenue summed, their spend as the costs; worked, backlog and closed are the whole funnel's."""
        chosen = [channel for channel in self.channels if channel.channel.name in names]
        summed = {name: sum(channel.monthly[name] for channel in chosen) for name in CHANNEL_FIGURES}
        costs = np.broadcast_to(sum(channel.spend for channel in chosen), self.costs.shape)
        return replace(self, costs=costs, channels=tuple(chosen), **summed)

    def gross_profit(self) -> np.ndarray:
        """Monthly gross profit: revenue x gross margin - costs, shape ``(trials, months)``."""
        return self.revenue * self.scenario.gross_margin - self.costs

    def total(self, figure: Metric | str, month: int) -> np.ndarray:
        """Value of `figure` for each trial, totalled over months 1..`month`.

        CAC is total costs / total deals; a trial with no deal has an infinite CAC.

        Parameters
        ----------
        figure : Metric or str
            A target metric, or any name in :data:`FIGURES` or ``"closed"``.
        month : int
            Last month included, 1-based.

        Returns
        -------
        ndarray of float64, shape ``(trials,)``
        """
        name = str(figure)
        if name == Metric.CAC:
            deals = self.deals[:, :month].sum(axis=1)
            costs = self.costs[:, :month].sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(deals > 0, costs / np.maximum(deals, 1), np.inf)
        if name == Metric.GROSS_PROFIT:
            monthly = self.gross_profit()
        else:
            monthly = {
                Metric.TRAFFIC: self.visits,
                Metric.LEADS: self.leads,
                Metric.QUALIFIED: self.qualified,
                "worked": self.worked,
                "closed": self.closed,
                Metric.DEALS: self.deals,
                Metric.REVENUE: self.revenue,
                "costs": self.costs,
            }[name]
        return monthly[:, :month].sum(axis=1, dtype=np.float64)
