"""A 90% range input: a slider over a range around today's values, and beside it the exact low and high, typed.

The slider's ends and decimals follow the loaded or typed values (``layout_<field>`` in session state), so they
stay put while it is dragged. A range typed high end first is refused with a message, never swapped: the other end
may be the one typed next.
"""

from __future__ import annotations

import streamlit as st

from simulator.i18n import N_, _, currency_affixes, currency_symbol, number_text, percent_text
from simulator.model.fields import FIELD
from ui.labels import label
from ui.number_field import number_field
from ui.text import plain
from ui.widget_layout import decimals_of, number_layout, slider_layout

# The unit of a typed end; a rate's is %. ``{currency}`` is the session's currency symbol.
_TYPED_UNITS = {
    # TRANSLATORS: the unit of a typed end of the traffic's 90% range
    "traffic": N_("visits per month"),
    # TRANSLATORS: the unit of a typed end of the deal size's 90% range; {currency} is e.g. "$"
    "deal_size": N_("{currency} per deal"),
}


def range_layout(name: str, low: float, high: float) -> dict[str, object]:
    """The slider of range `name` laid out around ``low..high`` (shown units), in its format: a rate in percent,
    an amount as a bare number (:func:`range_input` adds the currency of the run that draws it)."""
    return slider_layout(FIELD[f"{name}.low"], low, high, "{}" if name in _TYPED_UNITS else "{}%%")


def _with_currency(layout: dict[str, object]) -> dict[str, object]:
    """A money slider's layout with the session's currency around its number (the layout outlives a change of
    currency)."""
    before, after = (affix.replace("%", "%%") for affix in currency_affixes())
    return {**layout, "format": f"{before}{layout['format']}{after}"}


def _typed(name: str, label: str, end: str) -> None:
    """A range typed in its popover replaces the slider's, the slider stretching to show it. Ends out of order are
    refused with a message above them, never swapped: the other end may be the one typed next."""
    state = st.session_state
    low, high = state[f"{name}_typed_low"], state[f"{name}_typed_high"]
    if low > high:
        typed, other = (low, high) if end == "low" else (high, low)
        values = {
            "label": label,
            "typed": _text(name, typed),
            "other": _text(name, other),
            "low": _text(name, state[name][0]),
            "high": _text(name, state[name][1]),
        }
        if end == "low":
            message = _(
                "{label}: the low end typed, {typed}, is above the high end, {other}: a 90% range goes from low "
                "to high. The page still uses {low} to {high}; type the high end first."
            )
        else:
            message = _(
                "{label}: the high end typed, {typed}, is below the low end, {other}: a 90% range goes from low "
                "to high. The page still uses {low} to {high}; type the low end first."
            )
        state[_refused(name)] = message.format(**values)
        return
    state[name] = (low, high)
    state[f"layout_{name}"] = range_layout(name, low, high)


def _refused(name: str) -> str:
    """Session-state key of the message about range `name` typed out of order, shown once."""
    return f"{name}_typed_refused"


def _text(name: str, value: float) -> str:
    """A typed value of range `name` in a sentence, every decimal kept: ``"123,456.75"``, a rate's ``"25.5%"``."""
    if name in _TYPED_UNITS:
        return number_text(value, decimals_of(value))
    return percent_text(value / 100, decimals_of(value))


def range_input(name: str, help_text: str, *, disabled: bool = False) -> None:
    """A 90% range: a slider over a range around today's values, and beside it exact low and high, typed."""
    state = st.session_state
    shown = label(name)
    spec = FIELD[f"{name}.low"]
    unit = _(_TYPED_UNITS[name]).format(currency=currency_symbol()) if name in _TYPED_UNITS else "%"
    slider, typed = st.columns([6, 1], vertical_alignment="bottom")
    layout = state[f"layout_{name}"]
    if name == "deal_size":
        layout = _with_currency(layout)
    slider.slider(shown, key=name, help=help_text, disabled=disabled, **layout)
    # The typed fields show the slider's values (set before they are drawn, as Streamlit requires).
    state[f"{name}_typed_low"], state[f"{name}_typed_high"] = state[name]
    # TRANSLATORS: the help of the button that opens the exact ends of a range; {label} is the range's label
    exactly = _("Type {label} exactly").format(label=shown.lower())
    with typed.popover("", icon=":material/edit:", help=exactly, disabled=disabled):
        if refused := state.pop(_refused(name), None):  # where the ends were typed, which stays open
            st.warning(plain(refused), icon=":material/swap_vert:")
        for end, words in (("low", _("Low end ({unit})")), ("high", _("High end ({unit})"))):
            number_field(
                st,
                words.format(unit=unit),
                key=f"{name}_typed_{end}",
                on_change=_typed,
                args=(name, shown, end),
                **number_layout(spec, state[name][0 if end == "low" else 1], "{}"),
            )
