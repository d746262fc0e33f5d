"""The inputs of one scenario: a frozen, validated parameter object.

Rates are fractions (0.03 is 3%), money is in the scenario's currency, counts are
per month. Every invalid value raises :class:`~simulator.model.checks.InputError`;
the bounds of each field come from the one table of field specs,
:data:`simulator.model.fields.FIELDS`. The target is :mod:`simulator.model.target`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import get_type_hints

import numpy as np

from simulator.i18n import _, number_text
from simulator.model.channels import ALL_TRAFFIC, Channel, ChannelKind, ChannelUnit, check_channels
from simulator.model.checks import (
    InputError,
    as_enum,
    check_amount_range,
    check_field,
    check_rate_range,
    check_signed_range,
)
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import FIELD, Kind
from simulator.model.fields import MAX_HORIZON_MONTHS as MAX_HORIZON_MONTHS
from simulator.model.subscription import RevenueMode, check_starting_base
from simulator.model.target import Target


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """Every input of one funnel scenario.

    What each field allows (bounds, units) is in :data:`simulator.model.fields.FIELDS`.

    Parameters
    ----------
    name : str
        Shown in pickers, tables and files.
    horizon_months : int
        Months simulated, 1-24.
    traffic : Range
        90% range of the mean number of visits per month (in month 1). With `channels`, the traffic
        fields (`traffic`, `traffic_growth`, `visit_to_lead`, `lead_to_qualified`, `marketing_spend`) are
        not used: each channel has its own.
    traffic_growth : float
        Growth of mean traffic per month, as a fraction (0.02 is +2% a month; > -1).
    visit_to_lead, lead_to_qualified, win_rate : Range
        90% ranges of the stage conversion rates, as fractions.
    deal_size : Range
        90% range of a single won deal's value: every deal has its own size.
    correlations : Correlations
        Rank correlations between the drawn inputs (mean traffic and the three rates) that move together,
        e.g. more visits from broader ads converting worse; each input keeps its own 90% range. None by
        default: the inputs are independent. Not allowed with `channels`.
    channels : tuple of Channel
        Where visits and leads come from (:mod:`simulator.model.channels`), each with its own volume or
        spend, cost and rates; the win rate, deal size and sales cycle are shared. Empty (the default):
        one channel, "All traffic", made of the traffic fields.
    sales_cycle_months : float
        Mean months from being worked to closing (0 = same month). Each
        opportunity's cycle is its own draw (:mod:`simulator.model.sales_cycle`);
        a fixed fractional cycle closes that fraction of deals one month later:
        1.5 is half after 1, half after 2.
    sales_cycle_spread : float
        Standard deviation of one opportunity's cycle as a fraction of the mean
        (gamma distributed); 0 makes every cycle the mean.
    open_pipeline : int
        Qualified opportunities already open at the start, each part way through
        its cycle: they close along the time left of a cycle (evenly over a fixed
        cycle) at the same win rate. They are already worked, so they close even
        with no reps.
    reps : int
        Sales reps at full productivity. Reps only limit deals when a capacity per
        rep is set (otherwise they only add cost); with no reps at all
        (``reps + new_reps == 0``) no new opportunity is worked, so none closes.
    new_reps : int
        Reps hired at the start of month 1; they cost a full rep from month 1 and work
        at `ramp_productivity` of a rep's capacity for their first `ramp_months` months.
    ramp_productivity : float
        Share of a rep's capacity a new hire has while ramping up, 0-1.
    ramp_months : int
        Months a new hire takes to reach full productivity, 0-24.
    capacity_per_rep : float or None
        Opportunities one rep can work per month; None is no cap. Opportunities not
        worked wait for the next month.
    marketing_spend : float
        Marketing spend per month.
    cost_per_rep : float
        Fully loaded cost of one rep per month.
    gross_margin : float
        Gross margin as a fraction of revenue.
    revenue_mode : RevenueMode
        ``one_off`` (the default): revenue is the won deals' sizes. ``subscription``: each won deal becomes a
        customer paying its deal size / 12 a month until it churns (:mod:`simulator.model.subscription`).
    starting_customers : int
        Subscription: paying customers before month 1.
    starting_mrr : float
        Subscription: their monthly recurring revenue in all (0 without starting customers).
    churn : Range
        Subscription: 90% range of the monthly logo churn rate, below 99%.
    expansion : Range
        Subscription: 90% range of the monthly net expansion of the retained MRR (negative: contraction).
    target : Target
        The SMART target; its deadline must be inside the horizon.
    trials : int
        Monte Carlo trials, >= 1.
    seed : int
        Seed of the random numbers: the same seed reproduces the same trials.
    """

    name: str = "Scenario"
    horizon_months: int = 12
    traffic: Range = field(default_factory=lambda: Range(4000.0, 6000.0))
    traffic_growth: float = 0.0
    visit_to_lead: Range = field(default_factory=lambda: Range(0.025, 0.035))
    lead_to_qualified: Range = field(default_factory=lambda: Range(0.25, 0.35))
    win_rate: Range = field(default_factory=lambda: Range(0.20, 0.30))
    deal_size: Range = field(default_factory=lambda: Range(2000.0, 8000.0))
    correlations: Correlations = field(default_factory=Correlations)
    channels: tuple[Channel, ...] = ()
    sales_cycle_months: float = 0.0
    sales_cycle_spread: float = 0.0
    open_pipeline: int = 0
    reps: int = 1
    new_reps: int = 0
    ramp_productivity: float = 0.5
    ramp_months: int = 3
    capacity_per_rep: float | None = None
    marketing_spend: float = 0.0
    cost_per_rep: float = 0.0
    gross_margin: float = 0.8
    revenue_mode: RevenueMode = RevenueMode.ONE_OFF
    starting_customers: int = 0
    starting_mrr: float = 0.0
    churn: Range = field(default_factory=lambda: Range(0.01, 0.03))
    expansion: Range = field(default_factory=lambda: Range.known(0.0))
    target: Target = field(default_factory=lambda: Target(value=30))
    trials: int = 20_000
    seed: int = 0

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise InputError("name", self.name, FIELD["name"].allowed)
        object.__setattr__(self, "revenue_mode", as_enum(RevenueMode, self.revenue_mode, "revenue_mode"))
        for name in RANGE_FIELDS:
            if FIELD[f"{name}.low"].low < 0:  # a rate that may be negative: normal on its range
                check_signed_range(name, getattr(self, name))
            elif FIELD[f"{name}.low"].kind is Kind.RATE:
                check_rate_range(name, getattr(self, name))
            else:
                check_amount_range(name, getattr(self, name))
        for name in PLAIN_FIELDS:
            value = getattr(self, name)
            if value is not None or not FIELD[name].blank_means_none:
                check_field(name, value)
        check_starting_base(self.starting_customers, self.starting_mrr)
        if self.target.metric.is_subscription and self.revenue_mode is not RevenueMode.SUBSCRIPTION:
            raise InputError(
                "target.metric",
                self.target.metric.value,
                _(
                    "a metric of one-off deals: MRR, customers, churn and the rest need subscription mode "
                    "(revenue_mode)"
                ),
            )
        if not isinstance(self.target, Target):
            raise InputError("target", self.target, _("a Target"))
        if not isinstance(self.correlations, Correlations):
            raise InputError(
                "correlations",
                self.correlations,
                _("a Correlations, e.g. Correlations.from_text('traffic_mean~visit_to_lead=-0.5')"),
            )
        check_channels(self.channels, self.horizon_months)
        if self.channels and not self.correlations.is_independent:
            raise InputError(
                "correlations", self.correlations.to_text(), _("empty when the scenario has channels")
            )
        names = {channel.name for channel in self.channels}
        if unknown := [name for name in self.target.channels if name not in names]:
            if names:
                allowed = _("names of the scenario's channels ({names})").format(names=", ".join(sorted(names)))
            else:
                allowed = _("names of the scenario's channels (it has none)")
            raise InputError("target.channels", unknown[0], allowed)
        if self.target.deadline_month > self.horizon_months:
            raise InputError(
                "target.deadline_month",
                self.target.deadline_month,
                _("inside the horizon: month 1 to {months}").format(months=number_text(self.horizon_months)),
            )

    def capacity_by_month(self) -> list[float]:
        """Opportunities the team can work in each month, new hires ramping up.

        Without a capacity per rep there is no cap (infinite), unless there are no reps at all
        (``reps + new_reps == 0``): then nothing is worked, 0 in every month.

        Examples
        --------
        >>> Scenario(reps=2, new_reps=1, ramp_productivity=0.5, ramp_months=2, capacity_per_rep=10,
        ...          horizon_months=4).capacity_by_month()
        [25.0, 25.0, 30.0, 30.0]
        >>> Scenario(reps=0, horizon_months=3).capacity_by_month()
        [0.0, 0.0, 0.0]
        """
        if self.reps + self.new_reps == 0:
            return [0.0] * self.horizon_months
        if self.capacity_per_rep is None:
            return [math.inf] * self.horizon_months
        return [
            (self.reps + self.new_reps * (self.ramp_productivity if month <= self.ramp_months else 1.0))
            * self.capacity_per_rep
            for month in range(1, self.horizon_months + 1)
        ]

    def with_horizon(self, months: int, **changes) -> Scenario:
        """The scenario over `months` months (and any other `changes`): a channel's spend changes past the new
        horizon are dropped or cut at its end, as an analysis that simulates only up to a deadline needs."""
        channels = tuple(channel.within(months) for channel in self.channels)
        return replace(self, horizon_months=months, channels=channels, **changes)

    def with_spends(self, spends: dict[str, float]) -> Scenario:
        """The scenario with the monthly spend of the channels named in `spends` (their campaign months kept)."""
        channels = tuple(
            replace(channel, spend=spends[channel.name]) if channel.name in spends else channel
            for channel in self.channels
        )
        return replace(self, channels=channels)

    def funnel_channels(self) -> tuple[Channel, ...]:
        """The channels the funnel runs: `channels`, or "All traffic" made of the traffic fields."""
        if self.channels:
            return self.channels
        all_traffic = Channel(
            name=ALL_TRAFFIC,
            kind=ChannelKind.ORGANIC,
            unit=ChannelUnit.VISITS,
            volume=self.traffic,
            growth=self.traffic_growth,
            spend=self.marketing_spend,
            visit_to_lead=self.visit_to_lead,
            lead_to_qualified=self.lead_to_qualified,
        )
        return (all_traffic,)

    def paid_channels(self) -> tuple[Channel, ...]:
        """The channels that buy their volume with their spend."""
        return tuple(channel for channel in self.channels if channel.kind is ChannelKind.PAID)

    def counted_channels(self) -> tuple[Channel, ...]:
        """The channels the target counts: those it names, or all of them."""
        names = self.target.channels
        return tuple(c for c in self.channels if c.name in names) if names else self.channels

    def costs_by_month(self) -> np.ndarray:
        """Spend of every channel (or the marketing spend) plus every rep's cost, new hires included, per month.

        Examples
        --------
        >>> Scenario(marketing_spend=1000.0, reps=2, cost_per_rep=500.0, horizon_months=3).costs_by_month()
        array([2000., 2000., 2000.])
        """
        spend = sum(channel.spend_by_month(self.horizon_months) for channel in self.funnel_channels())
        return spend + (self.reps + self.new_reps) * self.cost_per_rep


_TYPES = get_type_hints(Scenario)
#: The scenario's 90% ranges, by field name (resolved types, not the text of the annotations).
RANGE_FIELDS = tuple(f.name for f in fields(Scenario) if _TYPES[f.name] is Range)
#: The scenario's single-valued fields checked against their spec (the target and correlations check their own).
PLAIN_FIELDS = tuple(
    f.name for f in fields(Scenario) if f.name in FIELD and FIELD[f.name].kind not in (Kind.TEXT, Kind.CHOICE)
)
