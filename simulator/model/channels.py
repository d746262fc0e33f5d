"""Lead channels: where visits and leads come from, what each costs, and how paid spend saturates.

A channel brings visits or leads every month in one of two ways:

* **organic** (website, referrals, outbound): a 90% range of the mean visits or leads per month in month 1,
  growing by a rate per month; its spend is a fixed monthly cost (content, tools, people);
* **paid** (search, social, events): a monthly spend, which may differ by month, bought at a 90% range of
  cost per visit or cost per lead.

Doubling a paid channel's spend does not double what it brings. The mean per month follows the saturation
curve that PyMC-Marketing calls ``tanh_saturation`` (marketing-mix modelling; C. Jin et al., "Bayesian
methods for media mix modeling with carryover and shape effects", Google, 2017, use the Hill form of the
same idea), written in what a manager knows::

    mean = most x tanh(spend / (most x cost))

``cost`` is the cost per visit or lead at low spend (the curve's slope at 0 is ``1 / cost``) and ``most``
the most visits or leads the channel can ever bring in a month (its ceiling). At a spend of
``most x cost`` the channel brings 76% of its ceiling, at twice that 96%. Without a ceiling
(``most_per_month`` None) the mean is ``spend / cost``: no saturation.

The mean rises with the spend and the ceiling and falls with the cost, so counts drawn at fixed scores
keep the engine's monotonicity in every one of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from simulator.i18n import N_, _, ngettext, number_text
from simulator.model.checks import InputError, check_amount_range, check_number, check_rate_range
from simulator.model.distributions import Range
from simulator.model.fields import CHANNEL_FIELD, MAX_HORIZON_MONTHS

#: Characters in a channel's name, at most: it heads a table column and a chart's legend.
MAX_NAME_CHARS = 40
#: Channels in one scenario, at most: a meeting compares a handful, and each costs the engine a funnel.
MAX_CHANNELS = 12
#: Characters a name cannot hold: they separate channels and names in the text form of a scenario's channels.
NAME_MARKS = ("|", ":")
#: Name of the one channel of a scenario that has no channels: its traffic fields. It is a name (a key of results
#: and files), so it stays English; marked so that a page can show it translated with ``_(ALL_TRAFFIC)``.
# TRANSLATORS: the name of the one lead channel of a scenario that has no channels of its own.
ALL_TRAFFIC = N_("All traffic")


class ChannelKind(StrEnum):
    """How a channel's volume is given: a range of what it brings, or a spend and its cost per unit."""

    ORGANIC = "organic"
    PAID = "paid"


class ChannelUnit(StrEnum):
    """What a channel brings: visits (then converted to leads at its own rate) or leads directly."""

    VISITS = "visits"
    LEADS = "leads"


@dataclass(frozen=True)
class SpendChange:
    """A different spend in months `first` to `last` (a campaign in months 4-6, an event in month 9)."""

    first: int
    last: int
    spend: float


@dataclass(frozen=True, kw_only=True)
class Channel:
    """One source of visits or leads.

    Parameters
    ----------
    name : str
        Unique in the scenario, 1-40 characters.
    kind : ChannelKind
        Organic (a range of volume) or paid (spend at a cost per unit).
    unit : ChannelUnit
        What the channel brings: visits or leads.
    volume : Range or None
        Organic: 90% range of the mean visits or leads per month in month 1. None for paid.
    growth : float
        Organic: growth of the mean volume per month, as a fraction (> -1).
    spend : float
        Money per month: a paid channel's media spend, an organic channel's fixed cost.
    spend_changes : tuple of SpendChange
        Months whose spend differs from `spend`; later entries win where they overlap.
    cost_per : Range or None
        Paid: 90% range of the cost per visit or per lead at low spend. None for organic.
    most_per_month : float or None
        Paid: the most visits or leads the channel can bring in a month at any spend (the saturation
        ceiling); None is no saturation.
    visit_to_lead : Range or None
        The channel's visit -> lead rate when it brings visits; None when it brings leads.
    lead_to_qualified : Range
        The channel's lead -> qualified rate.
    """

    name: str
    kind: ChannelKind = ChannelKind.ORGANIC
    unit: ChannelUnit = ChannelUnit.VISITS
    volume: Range | None = None
    growth: float = 0.0
    spend: float = 0.0
    spend_changes: tuple[SpendChange, ...] = ()
    cost_per: Range | None = None
    most_per_month: float | None = None
    visit_to_lead: Range | None = None
    lead_to_qualified: Range = field(default_factory=lambda: Range(0.25, 0.35))

    def __post_init__(self):
        if (
            not isinstance(self.name, str)
            or not self.name.strip()
            or len(self.name) > MAX_NAME_CHARS
            or any(mark in self.name for mark in NAME_MARKS)
        ):
            raise InputError(
                "channels.name",
                self.name,
                # TRANSLATORS: {first} and {second} are the characters a channel's name cannot hold (| and :).
                _("a name of 1 to {most} characters, without {first} or {second}").format(
                    most=number_text(MAX_NAME_CHARS), first=NAME_MARKS[0], second=NAME_MARKS[1]
                ),
            )
        object.__setattr__(self, "kind", _choice(ChannelKind, self.kind, self.field("kind")))
        object.__setattr__(self, "unit", _choice(ChannelUnit, self.unit, self.field("unit")))
        paid = self.kind is ChannelKind.PAID
        _check_given(self, "volume", not paid, N_("a 90% range for an organic channel, none for a paid one"))
        _check_given(self, "cost_per", paid, N_("a 90% range for a paid channel, none for an organic one"))
        visits = self.unit is ChannelUnit.VISITS
        _check_given(
            self, "visit_to_lead", visits, N_("a 90% range when the channel brings visits, none for leads")
        )
        if self.volume is not None:
            check_amount_range(self.field("volume"), self.volume, "channel.volume")
        if self.cost_per is not None:
            check_amount_range(self.field("cost_per"), self.cost_per, "channel.cost_per")
            if self.cost_per.low <= 0:
                raise InputError(
                    self.field("cost_per.low"), self.cost_per.low, _("a cost above 0: nothing is free")
                )
        for name in ("visit_to_lead", "lead_to_qualified"):
            if (rate := getattr(self, name)) is not None:
                check_rate_range(self.field(name), rate, f"channel.{name}")
        for name in ("growth", "spend"):
            spec = CHANNEL_FIELD[f"channel.{name}"]
            check_number(self.field(name), getattr(self, name), low=spec.low, high=spec.high, allowed=spec.allowed)
        money = CHANNEL_FIELD["channel.spend"].allowed
        if self.most_per_month is not None:
            if not paid:
                raise InputError(
                    self.field("most_per_month"), self.most_per_month, _("empty for an organic channel")
                )
            spec = CHANNEL_FIELD["channel.most_per_month"]
            check_number(
                self.field("most_per_month"),
                self.most_per_month,
                low=math.ulp(0),
                high=spec.high,
                allowed=spec.allowed,
            )
        for change in self.spend_changes:
            months = _("months between 1 and {most}, first <= last").format(most=number_text(MAX_HORIZON_MONTHS))
            where = self.field("spend_changes")
            for month in (change.first, change.last):
                check_number(where, month, low=1, high=MAX_HORIZON_MONTHS, allowed=months, integer=True)
            if change.first > change.last:
                raise InputError(where, (change.first, change.last), months)
            check_number(where, change.spend, low=0, high=CHANNEL_FIELD["channel.spend"].high, allowed=money)

    @property
    def drawn_range(self) -> Range:
        """The 90% range drawn once per trial: an organic channel's volume, a paid channel's cost per unit."""
        return self.volume if self.cost_per is None else self.cost_per

    @property
    def drawn_name(self) -> str:
        """Name of :attr:`drawn_range`'s draws in a result: ``"volume"`` or ``"cost_per"``."""
        return "volume" if self.cost_per is None else "cost_per"

    def field(self, name: str) -> str:
        """Dotted name of one of the channel's fields in an error: ``"channels.Paid search.cost_per"``."""
        return f"channels.{self.name}.{name}"

    def spend_by_month(self, months: int) -> np.ndarray:
        """The spend of each month 1..`months`, float64 of shape ``(months,)``.

        Examples
        --------
        >>> Channel(name="Events", kind="paid", unit="leads", cost_per=Range(80, 120), spend=0.0,
        ...         spend_changes=(SpendChange(9, 9, 50_000.0),)).spend_by_month(10).tolist()[7:]
        [0.0, 50000.0, 0.0]
        """
        spend = np.full(months, float(self.spend))
        for change in self.spend_changes:
            spend[change.first - 1 : change.last] = change.spend
        return spend

    def spending_more(self, extra: float) -> Channel:
        """The channel with `extra` more spend in every month, campaign months included."""
        return self._spending(lambda spend: spend + extra)

    def spending_times(self, factor: float) -> Channel:
        """The channel with every month's spend, campaign months included, times `factor`."""
        return self._spending(lambda spend: spend * factor)

    def _spending(self, new_spend) -> Channel:
        """The channel with every month's spend, campaign months included, mapped by `new_spend`."""
        changes = tuple(replace(change, spend=new_spend(change.spend)) for change in self.spend_changes)
        return replace(self, spend=new_spend(self.spend), spend_changes=changes)

    def within(self, months: int) -> Channel:
        """The channel with its spend changes cut to months 1..`months`."""
        changes = tuple(
            replace(change, last=min(change.last, months))
            for change in self.spend_changes
            if change.first <= months
        )
        return replace(self, spend_changes=changes)

    def mean_volume(self, drawn: np.ndarray, months: int) -> np.ndarray:
        """Mean visits or leads of each month given each trial's drawn input, shape ``(months, trials)``.

        Parameters
        ----------
        drawn : ndarray, shape ``(trials,)``
            Organic: the mean volume in month 1. Paid: the cost per unit at low spend.
        months : int
            Months simulated.
        """
        if self.kind is ChannelKind.ORGANIC:
            growth = (1 + self.growth) ** np.arange(months)
            return growth[:, None] * drawn
        return saturating_response(self.spend_by_month(months)[:, None], drawn, self.most_per_month)


def saturating_response(spend, cost_per, most: float | None):
    """Mean visits or leads bought with `spend`: ``most x tanh(spend / (most x cost_per))``.

    Parameters
    ----------
    spend, cost_per : float or ndarray
        Money per month, and the cost per unit at low spend (> 0); they broadcast.
    most : float or None
        The ceiling; None is no saturation (``spend / cost_per``).

    Examples
    --------
    >>> float(saturating_response(1000.0, 10.0, None))
    100.0
    >>> round(float(saturating_response(1000.0, 10.0, 100.0)), 1)  # spend = most x cost: 76% of the ceiling
    76.2
    """
    linear = np.divide(spend, cost_per)
    if most is None:
        return linear
    return most * np.tanh(linear / most)


def _choice(enum_type, value, name: str):
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum_type)
        raise InputError(name, value, _("one of: {choices}").format(choices=choices)) from None


def _check_given(channel: Channel, name: str, wanted: bool, allowed: str) -> None:
    """Refuse `name` unless it is a range exactly when `wanted`; `allowed` is English, marked for translation."""
    value = getattr(channel, name)
    if (value is not None) != wanted or (value is not None and not isinstance(value, Range)):
        raise InputError(channel.field(name), value, _(allowed))


def check_channels(channels: tuple[Channel, ...], horizon_months: int) -> None:
    """The channels of one scenario: a tuple of at most :data:`MAX_CHANNELS`, unique names, spend changes in the
    horizon."""
    if not isinstance(channels, tuple) or not all(isinstance(c, Channel) for c in channels):
        raise InputError("channels", channels, _("a tuple of Channel"))
    if len(channels) > MAX_CHANNELS:
        raise InputError(
            "channels",
            len(channels),
            ngettext("at most {count} channel", "at most {count} channels", MAX_CHANNELS).format(
                count=number_text(MAX_CHANNELS)
            ),
        )
    seen = set()
    for channel in channels:
        key = channel.name.strip().casefold()
        if key in seen:
            raise InputError(channel.field("name"), channel.name, _("a name no other channel of the scenario has"))
        seen.add(key)
        for change in channel.spend_changes:
            if change.last > horizon_months:
                raise InputError(
                    channel.field("spend_changes"),
                    (change.first, change.last),
                    _("months inside the horizon, 1 to {months}").format(months=number_text(horizon_months)),
                )
