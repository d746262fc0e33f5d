"""The lead channels editor: one row per channel in an ``st.data_editor``, and back to the scenario's channels.

Ranges are typed as text, ``3000-5000`` or ``2%-3%``, one cell each, so that a row fits a projector; a row is read
with the text form of a scenario's channels (:mod:`simulator.files.channel_text`), so the editor, the scenario
CSV and the share link accept the same values and refuse them with the same words. Cells that do not apply to a
row's kind (a volume for a paid channel, a cost for an organic one, a visit-to-lead rate for leads) are ignored,
so switching a channel's kind loses nothing.

The editor's rows live in session state (:data:`BASE`, set when a scenario is loaded) and its edits under the
widget's key, ``channels``; :func:`channels_from_state` applies the edits to the rows, so the scenario is known
before the editor is drawn, as for every other input.
"""

from __future__ import annotations

import streamlit as st

from simulator.files.channel_text import channels_from_text
from simulator.files.links import number_text
from simulator.i18n import N_, _, currency, currency_symbol, language
from simulator.model.channels import MAX_NAME_CHARS, NAME_MARKS, Channel, ChannelKind, ChannelUnit
from simulator.model.checks import InputError
from simulator.model.distributions import Range

#: Session-state key of the rows the editor starts from (those of the loaded scenario).
BASE = "channels_base"
#: Session-state key of the language and currency the editor was last drawn in (its labels follow them).
DRAWN_IN = "channels_drawn_in"
#: The editor's columns: header (the rows' key; shown in English, else translated) -> what it holds.
COLUMNS = {
    "Channel": "name",
    "Kind": "kind",
    "Brings": "unit",
    "Visits or leads a month": "volume",
    "Growth a month": "growth",
    "Spend a month ($)": "spend",
    "Cost per visit or lead ($)": "cost_per",
    "Most a month": "most",
    "Visit → lead": "visit_to_lead",
    "Lead → qualified": "lead_to_qualified",
    "Spend in other months": "spend_changes",
}
#: The choices of the Kind and Brings columns as shown (the cells hold the model's words).
CHOICES = {
    # TRANSLATORS: a kind of lead channel (no spend buys its volume), a choice in a table's cell
    ChannelKind.ORGANIC: N_("organic"),
    # TRANSLATORS: a kind of lead channel (bought with a spend), a choice in a table's cell
    ChannelKind.PAID: N_("paid"),
    # TRANSLATORS: what a lead channel brings, a choice in a table's cell
    ChannelUnit.VISITS: N_("visits"),
    # TRANSLATORS: what a lead channel brings, a choice in a table's cell
    ChannelUnit.LEADS: N_("leads"),
}
#: A row added with "+": a paid channel that brings leads, its cells to fill in.
BLANK = dict.fromkeys(COLUMNS, "") | {
    "Kind": "paid",
    "Brings": "leads",
    "Spend a month ($)": 0.0,
    "Most a month": None,
}


def channel_rows(channels: tuple[Channel, ...]) -> list[dict[str, object]]:
    """The editor's rows for `channels`: one dict per channel, keyed by header."""
    return [_row(channel) for channel in channels]


def _row(channel: Channel) -> dict[str, object]:
    changes = " ".join(f"{_months(c.first, c.last)}={number_text(c.spend)}" for c in channel.spend_changes)
    values = {
        "name": channel.name,
        "kind": channel.kind.value,
        "unit": channel.unit.value,
        "volume": _range_text(channel.volume),
        "growth": _percent(channel.growth) if channel.growth else "",
        "spend": float(channel.spend),
        "cost_per": _range_text(channel.cost_per),
        "most": channel.most_per_month,
        "visit_to_lead": _range_text(channel.visit_to_lead, percent=True),
        "lead_to_qualified": _range_text(channel.lead_to_qualified, percent=True),
        "spend_changes": changes,
    }
    return {header: values[key] for header, key in COLUMNS.items()}


def _months(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _percent(rate: float) -> str:
    return f"{round(rate * 100, 10):g}%"


def _range_text(rng: Range | None, *, percent: bool = False) -> str:
    if rng is None:
        return ""  # not used by this kind of channel: an empty cell
    shown = _percent if percent else number_text
    return shown(rng.low) if rng.is_known else f"{shown(rng.low)}-{shown(rng.high)}"


def rows_as_text(rows: list[dict[str, object]]) -> str:
    """The rows in the text form of a scenario's channels; cells that do not apply to a row are left out."""
    return " | ".join(_row_text(row) for row in rows if any(_filled(v) for v in row.values()))


def _row_text(row: dict[str, object]) -> str:
    cells = {key: row.get(header) for header, key in COLUMNS.items()}
    paid = cells["kind"] == ChannelKind.PAID
    unit = ChannelUnit.LEADS if cells["unit"] == ChannelUnit.LEADS else ChannelUnit.VISITS
    singular = unit.value.removesuffix("s")
    tokens = {
        f"cost_per_{singular}" if paid else unit.value: cells["cost_per" if paid else "volume"],
        "growth": None if paid else cells["growth"],
        "spend": cells["spend"],
        "most": cells["most"] if paid else None,
        "visit_to_lead": cells["visit_to_lead"] if unit is ChannelUnit.VISITS else None,
        "lead_to_qualified": cells["lead_to_qualified"],
    }
    text = [f"{key}={_cell(value)}" for key, value in tokens.items() if _filled(value)]
    text += [f"spend_{change}" for change in str(cells["spend_changes"] or "").split()]
    name = _name(cells["name"])
    if any(mark in name for mark in NAME_MARKS):  # they would split the text form: the model's own refusal
        allowed = _("a name of 1 to {count} characters, without | or :").format(count=MAX_NAME_CHARS)
        raise InputError("channels.name", name, allowed)
    return f"{name}: " + " ".join(text)


def _filled(value: object) -> bool:
    return value is not None and value == value and str(value).strip() != ""  # NaN != NaN: an empty number


def _cell(value: object) -> str:
    """A cell as one token of the text form: a number in full, a typed range without its spaces (``60 - 90``)."""
    if isinstance(value, float):
        return number_text(value)
    return "".join(str(value).split())


def _name(value: object) -> str:
    """A typed name with its spaces tidied (``" Paid  search "`` is ``"Paid search"``); empty for no name."""
    return " ".join(str(value).split()) if _filled(value) else ""


def edited_rows(base: list[dict[str, object]], edits: dict | None) -> list[dict[str, object]]:
    """The editor's rows after the edits it keeps in session state (edited, added and deleted rows)."""
    edits = edits or {}
    rows = [dict(row) for row in base]
    for index, changes in edits.get("edited_rows", {}).items():
        rows[int(index)].update(changes)
    rows += [BLANK | added for added in edits.get("added_rows", [])]
    deleted = {int(index) for index in edits.get("deleted_rows", [])}
    return [row for index, row in enumerate(rows) if index not in deleted]


def channel_names(state) -> list[str]:
    """The names in the editor's rows as they stand (filled in or not), for the channels a target counts."""
    rows = edited_rows(state[BASE], state.get("channels"))
    return [name for row in rows if (name := _name(row.get("Channel")))]


def channels_from_state(state) -> tuple[Channel, ...]:
    """The channels the editor describes. Raises InputError naming the channel and the field."""
    return channels_from_text(rows_as_text(edited_rows(state[BASE], state.get("channels"))))


def _labels() -> dict[str, str]:
    """The columns' labels on screen in this run's language and currency, by header."""
    symbol = currency_symbol()
    return {
        "Channel": _("Channel"),
        # TRANSLATORS: a column header: organic or paid (a lead channel's kind)
        "Kind": _("Kind"),
        # TRANSLATORS: a column header: what a lead channel brings, visits or leads
        "Brings": _("Brings"),
        "Visits or leads a month": _("Visits or leads a month"),
        "Growth a month": _("Growth a month"),
        "Spend a month ($)": _("Spend a month ({currency})").format(currency=symbol),
        "Cost per visit or lead ($)": _("Cost per visit or lead ({currency})").format(currency=symbol),
        # TRANSLATORS: a column header: the most visits or leads a paid channel can bring in a month
        "Most a month": _("Most a month"),
        "Visit → lead": _("Visit → lead"),
        "Lead → qualified": _("Lead → qualified"),
        "Spend in other months": _("Spend in other months"),
    }


def _choice(value: str) -> str:
    return _(CHOICES[value]) if value in CHOICES else value


def channel_editor() -> None:
    """The editor: add, remove and rename channels, set their volume or spend, costs and rates."""
    state = st.session_state
    labels, drawn_in = _labels(), (language().code, currency())
    # New labels (another language or currency) make the editor a new widget, which starts without the edits:
    # they are kept by folding them into the rows it starts from, as a split put in the editor is.
    if state.get(DRAWN_IN, drawn_in) != drawn_in:
        state[BASE] = edited_rows(state[BASE], state.get("channels"))
        state.pop("channels", None)
    state[DRAWN_IN] = drawn_in
    st.data_editor(
        state[BASE],
        key="channels",
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_config={
            "Channel": st.column_config.TextColumn(
                labels["Channel"], required=True, max_chars=40, help=_("A name of your choice")
            ),
            "Kind": st.column_config.SelectboxColumn(
                labels["Kind"],
                width="small",
                options=[k.value for k in ChannelKind],
                format_func=_choice,
                required=True,
                help=_(
                    "Organic: a range of what it brings a month. Paid: a spend a month at a cost per visit or "
                    "lead."
                ),
            ),
            "Brings": st.column_config.SelectboxColumn(
                labels["Brings"],
                width="small",
                options=[u.value for u in ChannelUnit],
                format_func=_choice,
                required=True,
            ),
            "Visits or leads a month": st.column_config.TextColumn(
                labels["Visits or leads a month"],
                help=_("Organic: 90% range of the mean a month in month 1, e.g. 3000-5000"),
            ),
            "Growth a month": st.column_config.TextColumn(
                labels["Growth a month"], width="small", help=_("Organic: growth of the mean a month, e.g. 2%")
            ),
            "Spend a month ($)": st.column_config.NumberColumn(
                labels["Spend a month ($)"],
                min_value=0,
                format="%,.0f",
                help=_("Paid: media spend a month. Organic: its fixed cost a month."),
            ),
            "Cost per visit or lead ($)": st.column_config.TextColumn(
                labels["Cost per visit or lead ($)"],
                help=_("Paid: 90% range of the cost per visit or lead at low spend, e.g. 60-90"),
            ),
            "Most a month": st.column_config.NumberColumn(
                labels["Most a month"],
                min_value=0,
                format="%,.0f",
                help=_(
                    "Paid: the most visits or leads it can bring in a month at any spend (diminishing returns); "
                    "empty for no limit"
                ),
            ),
            "Visit → lead": st.column_config.TextColumn(
                labels["Visit → lead"], help=_("90% range, e.g. 2%-3%; for channels that bring visits")
            ),
            "Lead → qualified": st.column_config.TextColumn(
                labels["Lead → qualified"], help=_("90% range, e.g. 25%-35%")
            ),
            "Spend in other months": st.column_config.TextColumn(
                labels["Spend in other months"],
                help=_(
                    "Months whose spend differs, e.g. 4-6=20000 9=50000 (a campaign in months 4-6, an event in 9)"
                ),
            ),
        },
    )
