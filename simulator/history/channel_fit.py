"""Fitting each lead channel from a history with a channel column: a Channel a scenario can take.

Each channel of :attr:`~simulator.history.reader.History.by_channel` becomes a
:class:`~simulator.model.channels.Channel`:

* **Kind and unit.** A channel with a spend above 0 in every month is *paid*; one with no spend (zero or blank)
  in some month is *organic*. It brings *visits* when its visits are given, else *leads*.
* **Organic volume**: the 90% range of the mean visits or leads a month and its growth, from a log-linear trend
  as the traffic of a one-row-per-month history (:func:`~simulator.history.fit.trend`): the level the trend
  gives the month after the channel's last, times ``exp(+/- Z95 x spread)`` of the months around it. Its spend,
  a fixed cost, is the **mean** spend of its months (0 with none).
* **Paid cost per visit or lead**: a Gamma-Poisson posterior of the rate per dollar, inverted. The engine draws a
  paid channel's cost once per trial from its range (the true cost is not known) and then each month's count as
  Poisson(spend / cost), so the range must say how well the months pin the cost down, not how much a month
  varies: the engine adds that luck itself. With ``k_m ~ Poisson(lambda x s_m)`` for the count and spend of
  month m and a flat prior, the rate per dollar ``lambda = 1 / cost`` has the posterior
  ``Gamma(sum k + 1, rate sum s)``, the same reasoning as the Beta posteriors of the rates; the cost's 5th and
  95th percentiles are the inverse of the rate's 95th and 5th. A ratio per month and its spread would count a
  month's luck twice (in the range and again in the engine's draw) and fails on a month with no leads (an
  infinite cost). Costs that move more than Poisson luck (auction prices, a new creative) show as
  over-dispersion, the Pearson statistic ``phi = sum (k_m - lambda s_m)^2 / (lambda s_m) / (months - 1)``; above
  1 it widens the posterior (shape and rate divided by phi: a quasi-Poisson likelihood). The spend is the
  **last month's** spend, what the team spends now (a past campaign month is not repeated: it can be added as a
  spend change on the simulator page).
* **Paid ceiling** (``most_per_month``): the saturating curve is fitted to the same months and tested against
  the straight line above (:mod:`~simulator.history.saturation_fit`). When the curve is significant and the
  months pin both its numbers down, the channel takes the fitted ceiling and, as its ``cost_per``, the 90%
  range of the cost at low spend that goes with it; a note names the ceiling and the spends it was seen over.
  Otherwise the straight line's cost is kept, and a note says over which spends no ceiling showed: the cost
  fitted is the average cost at the history's spends, and spending far beyond them is an extrapolation.
* **visit_to_lead** (channels bringing visits) and **lead_to_qualified**: Beta posteriors of the channel's
  weighted counts, as :func:`~simulator.history.fit.fit` does for the shared rates.

Recent months can count more, as in :func:`~simulator.history.fit.fit`: the weights go by each month's age
against the history's last month. What cannot be fitted is said in :attr:`ChannelFit.notes`, naming the channel:
a single month, no leads, a name a scenario refuses, more channels than a scenario takes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from simulator.history.channel_reader import refused_name, shown
from simulator.history.fit import APPLIED_DIGITS, HIGHEST_RATE, check_recency, rate_range, significant, trend
from simulator.history.fit import weights_by_age as recency
from simulator.history.reader import History
from simulator.history.saturation_fit import fit_saturation
from simulator.history.saturation_note import most_per_month, saturation_note
from simulator.history.words import period_text
from simulator.i18n import _, listed, ngettext, number_text, percent_text
from simulator.model.channels import MAX_CHANNELS, Channel, ChannelKind, ChannelUnit
from simulator.model.checks import InputError
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import CHANNEL_FIELD
from simulator.model.scenario import Scenario


@dataclass(frozen=True)
class ChannelFit:
    """The channels fitted from a history, and what each input came from.

    Attributes
    ----------
    channels : tuple of Channel
        In the order the file first names them; at most :data:`~simulator.model.channels.MAX_CHANNELS`.
    months_used : dict of str to dict of str to int
        Per channel, how many months each input was fitted on: ``volume`` or ``cost_per``, ``most_per_month``,
        ``spend``, ``visit_to_lead``, ``lead_to_qualified`` (absent when not fitted).
    notes : tuple of str
        What could not be fitted, or was brought inside the model's bounds, in plain words naming the channel.
    """

    channels: tuple[Channel, ...]
    months_used: dict[str, dict[str, int]]
    notes: tuple[str, ...] = ()

    def apply(self, scenario: Scenario) -> Scenario:
        """`scenario` with these channels (when any was fitted), as :meth:`changes` says.

        The model takes no correlations with channels, so they are dropped, and a target counting channels keeps
        those that are still there.
        """
        if not self.channels:
            return scenario
        names = {channel.name for channel in self.channels}
        target = replace(scenario.target, channels=tuple(n for n in scenario.target.channels if n in names))
        return replace(scenario, channels=self.channels, correlations=Correlations(), target=target)

    def changes(self, scenario: Scenario) -> tuple[str, ...]:
        """What :meth:`apply` changes in `scenario` beside its channels, in plain words."""
        if not self.channels:
            return ()
        said = []
        if not scenario.correlations.is_independent:
            said.append(_("Its correlations are dropped: the model takes none with channels."))
        names = {channel.name for channel in self.channels}
        if gone := [name for name in scenario.target.channels if name not in names]:
            said.append(
                ngettext(
                    "Its target no longer counts {channels}: no channel of the history has that name.",
                    "Its target no longer counts {channels}: no channel of the history has that name.",
                    len(gone),
                ).format(channels=listed(gone))
            )
        return tuple(said)


def fit_channels(
    history: History, *, last_months: int | None = None, half_life: float | None = None
) -> ChannelFit:
    """Fit every channel of a history with a channel column (see the module for the method).

    Parameters
    ----------
    history : History
        As :func:`~simulator.history.read_history` reads a file with a channel column; a history without one
        has no channels to fit.
    last_months, half_life
        As for :func:`~simulator.history.fit.fit`.

    Raises
    ------
    InputError
        When `last_months` or `half_life` is outside what is allowed.

    Examples
    --------
    >>> from simulator.history.reader import read_history
    >>> rows = [f"2025-{m:02d},Paid search,{10000 + 100 * m},{200 + m},{60 + m % 3}" for m in range(1, 7)]
    >>> history = read_history("month,channel,spend,leads,qualified\\n" + "\\n".join(rows))
    >>> (paid,) = fit_channels(history).channels
    >>> paid.kind.value, paid.unit.value, paid.spend, paid.cost_per
    ('paid', 'leads', 10600.0, Range(low=48.51, high=53.3))
    """
    check_recency(last_months, half_life)
    if history.by_channel is None:
        return ChannelFit((), {})
    frame = history.by_channel
    last = frame["month"].max()
    age = (last - frame["month"]).map(lambda offset: offset.n).to_numpy(float)
    frame = frame.assign(weight=recency(age, last_months, half_life))
    fitted, used, notes = [], {}, []
    if frame.groupby("channel", sort=False)["visits"].apply(lambda v: v.isna().all()).any():
        notes.append(
            _(
                "Some channels bring leads without visits: the shared traffic and visit → lead rate are not "
                "fitted from the months' totals; each channel has its own."
            )
        )
    for name, rows in frame.groupby("channel", sort=False):
        rows = rows[rows["weight"] > 0]
        if (why := refused_name(name)) is not None:
            notes.append(
                _("{channel} is not fitted: a channel's name has {why}. Rename it in the file.").format(
                    channel=repr(shown(name)), why=why
                )
            )
            continue
        if (count := rows["month"].nunique()) < 2:
            notes.append(
                ngettext(
                    "{channel} has {count} month to fit on: a range needs at least 2 months, so it is not fitted.",
                    "{channel} has {count} months to fit on: a range needs at least 2 months, so it is not "
                    "fitted.",
                    count,
                ).format(channel=name, count=number_text(count))
            )
            continue
        if rows["month"].max() < last:
            notes.append(
                _(
                    "{channel} has no row after {month}: fitted on its months to then. Remove it on the simulator "
                    "page if it no longer runs."
                ).format(channel=name, month=period_text(rows["month"].max()))
            )
        try:
            channel, months = _channel(name, rows, notes)
        except InputError as error:  # a value the model refuses: said, never a broken scenario
            notes.append(_("{channel} is not fitted: {error}.").format(channel=name, error=error))
            continue
        if channel is not None:
            fitted.append(channel)
            used[name] = months
    if len(fitted) > MAX_CHANNELS:
        leads = frame.groupby("channel")["leads"].sum()
        kept = sorted(fitted, key=lambda c: -leads[c.name])[:MAX_CHANNELS]
        left = [c.name for c in fitted if c not in kept]
        notes.append(
            ngettext(
                "A scenario takes at most {most} channels: the {most} that brought the most leads are kept; merge "
                "or drop the others in the file: {channels}.",
                "A scenario takes at most {most} channels: the {most} that brought the most leads are kept; merge "
                "or drop the others in the file: {channels}.",
                MAX_CHANNELS,
            ).format(most=number_text(MAX_CHANNELS), channels=listed(left))
        )
        fitted = [c for c in fitted if c in kept]
        used = {c.name: used[c.name] for c in fitted}
    return ChannelFit(tuple(fitted), used, tuple(notes))


def _channel(name: str, rows: pd.DataFrame, notes: list[str]) -> tuple[Channel | None, dict[str, int]]:
    """One channel's Channel and the months each input came from; None, with a note, when it cannot be fitted."""
    unit = ChannelUnit.LEADS if rows["visits"].isna().all() else ChannelUnit.VISITS
    spend = rows.dropna(subset=["spend"])
    paid = bool(len(spend)) and bool((spend["spend"] > 0).all())
    if not paid and (spend["spend"] > 0).any():
        message = (
            ngettext(
                "{channel} has a spend in {paid} of {months} months: fitted as organic (a range of visits a "
                "month), its mean spend a fixed cost. A paid channel has a spend in every month.",
                "{channel} has a spend in {paid} of {months} months: fitted as organic (a range of visits a "
                "month), its mean spend a fixed cost. A paid channel has a spend in every month.",
                len(spend),
            )
            if unit is ChannelUnit.VISITS
            else ngettext(
                "{channel} has a spend in {paid} of {months} months: fitted as organic (a range of leads a "
                "month), its mean spend a fixed cost. A paid channel has a spend in every month.",
                "{channel} has a spend in {paid} of {months} months: fitted as organic (a range of leads a "
                "month), its mean spend a fixed cost. A paid channel has a spend in every month.",
                len(spend),
            )
        )
        notes.append(
            message.format(
                channel=name, paid=number_text(int((spend["spend"] > 0).sum())), months=number_text(len(spend))
            )
        )
    values: dict[str, object] = {}
    months: dict[str, int] = {}
    if paid:
        w, k, s = _paid_months(rows, unit.value)
        if len(k) < 2 or np.sum(w * k) <= 0:
            notes.append(
                (
                    _("{channel} brought no visits in any month with spend: its cost is not fitted.")
                    if unit is ChannelUnit.VISITS
                    else _("{channel} brought no leads in any month with spend: its cost is not fitted.")
                ).format(channel=name)
            )
            return None, {}
        values["cost_per"], months["cost_per"] = _cost_per(w, k, s), len(k)
        if (saturation := fit_saturation(s, k, w)) is not None:
            notes.append(saturation_note(name, unit, saturation))
            if saturation.fitted:
                values["cost_per"] = _cost_range(saturation.cost_per.low, saturation.cost_per.high)
                values["most_per_month"], months["most_per_month"] = most_per_month(saturation), saturation.months
        values["spend"], months["spend"] = significant(float(spend["spend"].iloc[-1]), APPLIED_DIGITS), 1
    else:
        counted = rows.dropna(subset=[unit.value])
        counted = counted[counted[unit.value] > 0]
        if counted["month"].nunique() < 2:
            notes.append(
                (
                    _("{channel} brought visits in fewer than 2 months: its volume is not fitted.")
                    if unit is ChannelUnit.VISITS
                    else _("{channel} brought leads in fewer than 2 months: its volume is not fitted.")
                ).format(channel=name)
            )
            return None, {}
        volume, growth = trend(counted["month"], counted[unit.value].to_numpy(float), counted["weight"].to_numpy())
        values["volume"], values["growth"] = _amount(volume, name, notes), _growth(growth, name, notes)
        months["volume"] = len(counted)
        mean = float(np.average(spend["spend"], weights=spend["weight"])) if len(spend) else 0.0
        values["spend"], months["spend"] = significant(mean, APPLIED_DIGITS), len(spend)
    if unit is ChannelUnit.VISITS:
        rate = _rate(rows, "leads", "visits")
        if rate is None:
            notes.append(
                _("{channel} has no month with visits and leads in funnel order: it is not fitted.").format(
                    channel=name
                )
            )
            return None, {}
        values["visit_to_lead"], months["visit_to_lead"] = rate
    rate = _rate(rows, "qualified", "leads")
    if rate is None:
        default = Channel.__dataclass_fields__["lead_to_qualified"].default_factory()
        notes.append(
            _(
                "{channel} has no month with qualified opportunities: its lead → qualified rate is not fitted and "
                "stays at {low} to {high}; set it on the simulator page."
            ).format(channel=name, low=percent_text(default.low), high=percent_text(default.high))
        )
    else:
        values["lead_to_qualified"], months["lead_to_qualified"] = rate
    kind = ChannelKind.PAID if paid else ChannelKind.ORGANIC
    return Channel(name=name, kind=kind, unit=unit, **values), months


def _paid_months(rows: pd.DataFrame, unit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weight, visits or leads, and spend of each month with a spend and a count."""
    w, k, s = (rows[column].to_numpy(float) for column in ("weight", unit, "spend"))
    used = (s > 0) & ~np.isnan(k)  # NaN compares False: an unreadable spend is left out
    return w[used], k[used], s[used]


def _cost_per(w: np.ndarray, k: np.ndarray, s: np.ndarray) -> Range:
    """The Gamma-Poisson range of the cost per unit (see the module) of months with some units."""
    expected = s * np.sum(w * k) / np.sum(w * s)
    dispersion = 1.0
    if np.sum(w) > 1:
        dispersion = max(1.0, float(np.sum(w * (k - expected) ** 2 / expected) / (np.sum(w) - 1)))
    shape, rate = np.sum(w * k) / dispersion + 1, np.sum(w * s) / dispersion
    slow, fast = stats.gamma.ppf([0.05, 0.95], shape, scale=1 / rate)
    return _cost_range(float(1 / fast), float(1 / slow))


def _cost_range(low: float, high: float) -> Range:
    """A cost per unit's range rounded as a scenario keeps it, within what the model takes."""
    most = CHANNEL_FIELD["channel.cost_per.high"].high
    return Range(*(min(significant(end, APPLIED_DIGITS), most) for end in (low, high)))


def _rate(rows: pd.DataFrame, numerator: str, denominator: str) -> tuple[Range, int] | None:
    """A Beta posterior of the channel's weighted counts (rows in funnel order), rounded as a scenario keeps it."""
    w, k, n = (rows[column].to_numpy(float) for column in ("weight", numerator, denominator))
    used = (k <= n) & (n > 0)  # NaN compares False: a month without both counts is left out
    if not used.any():
        return None
    fitted = rate_range(float(np.sum(w[used] * k[used])), float(np.sum(w[used] * n[used])))
    low, high = significant(fitted.low, APPLIED_DIGITS), significant(fitted.high, APPLIED_DIGITS)
    if low != high and high >= 1:  # 100% is a known rate, not a range's end
        high, low = HIGHEST_RATE, min(low, HIGHEST_RATE)
    return Range(low, high), int(used.sum())


def _amount(fitted: Range, name: str, notes: list[str]) -> Range:
    most = CHANNEL_FIELD["channel.volume.high"].high
    low, high = (min(significant(end, APPLIED_DIGITS), most) for end in (fitted.low, fitted.high))
    if high == most:
        notes.append(
            _("{channel}'s volume fitted above {most} a month; {most} is used.").format(
                channel=name, most=number_text(most)
            )
        )
    return Range(low, high)


def _growth(growth: float, name: str, notes: list[str]) -> float:
    spec = CHANNEL_FIELD["channel.growth"]
    within = min(max(significant(growth, APPLIED_DIGITS), spec.low), spec.high)
    if within != significant(growth, APPLIED_DIGITS):
        notes.append(
            _(
                "{channel}'s growth per month fitted {fitted}; the model takes {low} to {high}, so {used} is used."
            ).format(
                channel=name,
                fitted=percent_text(growth, signed=True),
                low=percent_text(spec.low, signed=True),
                high=percent_text(spec.high, signed=True),
                used=percent_text(within, signed=True),
            )
        )
    return within
