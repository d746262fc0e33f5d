"""What a paid channel's fitted saturation tells: its ceiling as a scenario keeps it, and a note naming it.

:func:`~simulator.history.saturation_fit.fit_saturation` says whether a paid channel's months at different
spends show a ceiling. When they pin one down, :func:`~simulator.history.channel_fit.fit_channels` gives the
channel :func:`most_per_month`; either way, :func:`saturation_note` says in plain words, naming the channel, what
the months showed and over which spends, beyond which spending is an extrapolation.
"""

from __future__ import annotations

from simulator.history.fit import APPLIED_DIGITS, significant
from simulator.history.saturation_fit import Saturation
from simulator.i18n import _, money_text, number_text
from simulator.model.channels import ChannelUnit
from simulator.model.fields import CHANNEL_FIELD


def most_per_month(saturation: Saturation) -> float:
    """A fitted ceiling rounded as a scenario keeps it, within what the model takes."""
    return min(significant(saturation.most, APPLIED_DIGITS), CHANNEL_FIELD["channel.most_per_month"].high)


def saturation_note(name: str, unit: ChannelUnit, saturation: Saturation) -> str:
    """What the months say about a paid channel's ceiling, in plain words naming the channel."""
    low, high = saturation.spends.low, saturation.spends.high
    visits = unit is ChannelUnit.VISITS
    if low == high:
        return _(
            "{channel} spent {spend} every month, which cannot show saturation; other spends are extrapolated."
        ).format(channel=name, spend=money_text(low))
    amounts = {"channel": name, "low": money_text(low), "high": money_text(high)}
    if saturation.fitted:
        seen = saturation.most_range
        message = (
            _(
                "{channel} saturates: at most about {most} visits a month (90% range {most_low} to {most_high}), "
                "seen over spends between {low} and {high} a month. Its cost per visit is the cost at low spend; "
                "spending beyond {high} is an extrapolation."
            )
            if visits
            else _(
                "{channel} saturates: at most about {most} leads a month (90% range {most_low} to {most_high}), "
                "seen over spends between {low} and {high} a month. Its cost per lead is the cost at low spend; "
                "spending beyond {high} is an extrapolation."
            )
        )
        return message.format(
            most=number_text(most_per_month(saturation)),
            most_low=number_text(seen.low),
            most_high=number_text(seen.high),
            **amounts,
        )
    if saturation.significant:
        message = (
            # TRANSLATORS: "per dollar" means per unit of money spent, whatever the currency.
            _(
                "{channel} brought fewer visits per dollar at higher spends between {low} and {high} a month, but "
                "the months do not pin a ceiling down (spends that vary more would): it is fitted without one, so "
                "spending more may bring less than the simulator shows."
            )
            if visits
            # TRANSLATORS: "per dollar" means per unit of money spent, whatever the currency.
            else _(
                "{channel} brought fewer leads per dollar at higher spends between {low} and {high} a month, but "
                "the months do not pin a ceiling down (spends that vary more would): it is fitted without one, so "
                "spending more may bring less than the simulator shows."
            )
        )
        return message.format(**amounts)
    return _(
        "{channel}: no sign of saturation between {low} and {high} a month; spending beyond that is an "
        "extrapolation."
    ).format(**amounts)
