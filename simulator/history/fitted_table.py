"""A fit in words: each fitted input named with its unit, its 90% range as shown, and the months it came from.

The shared ranges (:func:`fitted_rows`) and each channel's (:func:`fitted_channel_rows`) have the same columns,
so the page and the command line show them alike.
"""

from __future__ import annotations

from simulator.history.channel_fit import ChannelFit
from simulator.history.fit import RATES, Fit
from simulator.i18n import N_, _, currency_symbol, money_text, number_text, percent_text
from simulator.model.channels import Channel, ChannelKind, ChannelUnit
from simulator.model.stages import RATES as STAGE_RATES

#: How each fitted input is named in English, with its unit (rates are shown in %); :func:`fitted_label` writes it
#: in the run's language and currency.
FITTED_LABELS = {
    "traffic": N_("Visits per month"),
    **{rate.name: rate.english_label for rate in STAGE_RATES},
    "deal_size": "Deal size ($ per deal)",
}
#: The columns of :func:`fitted_rows` in English: the keys of the command line's rows (see :func:`columns`).
COLUMNS = (N_("Input"), N_("Low (5%)"), N_("High (95%)"), N_("Months used"))


def columns() -> tuple[str, ...]:
    """The :data:`COLUMNS` in the run's language: the keys of each row, which the page shows as its header."""
    return tuple(_(column) for column in COLUMNS)


def fitted_label(name: str) -> str:
    """The name of fitted input `name` in the run's language, its amounts in the run's currency.

    >>> fitted_label("deal_size"), fitted_label("traffic")
    ('Deal size ($ per deal)', 'Visits per month')
    """
    if name == "deal_size":
        return _("Deal size ({currency} per deal)").format(currency=currency_symbol())
    return _(FITTED_LABELS[name])


def shown(name: str, value: float) -> str:
    """A fitted value of input `name` as the report shows it: a rate in %, a deal size in money, visits in full.

    >>> shown("win_rate", 0.23456), shown("deal_size", 5210.4), shown("traffic", 4929.86)
    ('23.46%', '$5,210', '4,930')
    """
    if name in RATES:
        return percent_text(value, 2)
    return money_text(value) if name == "deal_size" else number_text(value)


def fitted_rows(fitted: Fit) -> list[dict[str, str]]:
    """One row per fitted range, then the traffic growth, each with the :data:`COLUMNS` as keys.

    Examples
    --------
    >>> from simulator.model.distributions import Range
    >>> for row in fitted_rows(Fit({"win_rate": Range(0.2, 0.3)}, 0.0196, {"win_rate": 24, "traffic": 24})):
    ...     print(row)
    {'Input': 'Win rate', 'Low (5%)': '20.00%', 'High (95%)': '30.00%', 'Months used': '24'}
    {'Input': 'Traffic growth per month', 'Low (5%)': '+2.0%', 'High (95%)': '', 'Months used': '24'}
    """
    rows = [
        _row(fitted, name, fitted_label(name), shown(name, fitted_range.low), shown(name, fitted_range.high))
        for name, fitted_range in fitted.ranges.items()
    ]
    growth = percent_text(fitted.traffic_growth, 1, signed=True)
    return [*rows, _row(fitted, "traffic", _("Traffic growth per month"), growth, "")]


def _row(fitted: Fit, name: str, label: str, low: str, high: str) -> dict[str, str]:
    return dict(zip(columns(), (label, low, high, str(fitted.months_used.get(name, ""))), strict=True))


def money(value: float) -> str:
    """An amount of money as the channel table shows it: cents below 10 (a cost per visit), else whole units.

    >>> money(1.234), money(84.6), money(15200.0)
    ('$1.23', '$85', '$15,200')
    """
    return money_text(value, 2) if value < 10 else money_text(value)  # a cost per visit: in cents


def fitted_channel_rows(fitted: ChannelFit) -> list[dict[str, str]]:
    """Each fitted channel's inputs, one row each, with the :data:`COLUMNS` as keys; the input names the channel.

    An organic channel: its visits or leads a month (a 90% range), growth and fixed cost (the mean spend); a
    paid one: its cost per visit or lead (a 90% range; at low spend when it has a ceiling), its ceiling (the
    most visits or leads a month, when fitted) and spend (the last month's); then its rates.

    Examples
    --------
    >>> from simulator.model.distributions import Range
    >>> paid = Channel(name="Paid search", kind="paid", unit="leads", spend=15200.0, cost_per=Range(74.79, 81.83),
    ...                most_per_month=406.0, lead_to_qualified=Range(0.2989, 0.3259))
    >>> used = {"Paid search": {"cost_per": 18, "most_per_month": 18, "spend": 1, "lead_to_qualified": 18}}
    >>> for row in fitted_channel_rows(ChannelFit((paid,), used)):
    ...     print(row)
    {'Input': 'Paid search: cost per lead at low spend (paid)', 'Low (5%)': '$75', 'High (95%)': '$82', 'Months used': '18'}
    {'Input': 'Paid search: most leads a month (its ceiling)', 'Low (5%)': '406', 'High (95%)': '', 'Months used': '18'}
    {'Input': "Paid search: spend a month (the last month's)", 'Low (5%)': '$15,200', 'High (95%)': '', 'Months used': '1'}
    {'Input': 'Paid search: lead → qualified rate', 'Low (5%)': '29.89%', 'High (95%)': '32.59%', 'Months used': '18'}
    """  # noqa: E501
    return [row for channel in fitted.channels for row in _channel_rows(channel, fitted.months_used)]


def _channel_rows(channel: Channel, months_used: dict[str, dict[str, int]]) -> list[dict[str, str]]:
    used = months_used.get(channel.name, {})
    visits = channel.unit is ChannelUnit.VISITS
    if channel.kind is ChannelKind.PAID:
        cost, most = channel.cost_per, channel.most_per_month
        if most is None:
            cost_label = _("cost per visit (paid)") if visits else _("cost per lead (paid)")
        else:
            cost_label = (
                _("cost per visit at low spend (paid)") if visits else _("cost per lead at low spend (paid)")
            )
        lines = [
            ("cost_per", cost_label, money(cost.low), money(cost.high)),
            ("spend", _("spend a month (the last month's)"), money(channel.spend), ""),
        ]
        if most is not None:
            most_label = (
                _("most visits a month (its ceiling)") if visits else _("most leads a month (its ceiling)")
            )
            lines.insert(1, ("most_per_month", most_label, number_text(most), ""))
    else:
        volume = channel.volume
        volume_label = _("visits a month (organic)") if visits else _("leads a month (organic)")
        lines = [
            ("volume", volume_label, number_text(volume.low), number_text(volume.high)),
            ("volume", _("growth a month"), percent_text(channel.growth, 1, signed=True), ""),
            ("spend", _("spend a month (a fixed cost: the mean)"), money(channel.spend), ""),
        ]
    rates = [("lead_to_qualified", _("lead → qualified rate"), channel.lead_to_qualified)]
    if channel.visit_to_lead is not None:
        rates.insert(0, ("visit_to_lead", _("visit → lead rate"), channel.visit_to_lead))
    lines += [(name, label, percent_text(rate.low, 2), percent_text(rate.high, 2)) for name, label, rate in rates]
    rows = []
    for name, label, low, high in lines:
        # TRANSLATORS: a fitted input of a channel, e.g. "Paid search: spend a month (the last month's)".
        input_name = _("{channel}: {input}").format(channel=channel.name, input=label)
        rows.append(dict(zip(columns(), (input_name, low, high, str(used.get(name, ""))), strict=True)))
    return rows
