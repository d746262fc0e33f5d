"""A 90% range input: a slider over a range around today's values, and beside it the exact low and high, typed.

The slider's ends and decimals follow the loaded or typed values (``layout_<field>`` in session state), so they
stay put while it is dragged. A range typed high end first is refused with a message, never swapped: the other end
may be the one typed next.
"""

from __future__ import annotations

import streamlit as st

from simulator.model.fields import FIELD
from ui.labels import LABELS
from ui.text import plain
from ui.widget_layout import decimals_of, number_layout, slider_layout

_SLIDER_FORMATS = {"traffic": "{}", "deal_size": "${}"}
# The unit of a typed end; a rate's is %.
_TYPED_UNITS = {"traffic": "visits per month", "deal_size": "$ per deal"}


def range_layout(name: str, low: float, high: float) -> dict[str, object]:
    """The slider of range `name` laid out around ``low..high`` (shown units), in its format."""
    return slider_layout(FIELD[f"{name}.low"], low, high, _SLIDER_FORMATS.get(name, "{}%%"))


def _typed(name: str, label: str, end: str) -> None:
    """A range typed in its popover replaces the slider's, the slider stretching to show it. Ends out of order are
    refused with a message above them, never swapped: the other end may be the one typed next."""
    state = st.session_state
    low, high = state[f"{name}_typed_low"], state[f"{name}_typed_high"]
    if low > high:
        typed, other = (low, high) if end == "low" else (high, low)
        unit = "" if name in _TYPED_UNITS else "%"
        state[_refused(name)] = (
            f"{label}: the {end} end typed, {_text(typed)}{unit}, is {'above' if end == 'low' else 'below'} the "
            f"{'high' if end == 'low' else 'low'} end, {_text(other)}{unit}: a 90% range goes from low to high. "
            f"The page still uses {_text(state[name][0])}{unit} to {_text(state[name][1])}{unit}; type the "
            f"{'high' if end == 'low' else 'low'} end first."
        )
        return
    state[name] = (low, high)
    state[f"layout_{name}"] = range_layout(name, low, high)


def _refused(name: str) -> str:
    """Session-state key of the message about range `name` typed out of order, shown once."""
    return f"{name}_typed_refused"


def _text(value: float) -> str:
    """A typed value in a sentence, every decimal kept: ``"123,456.75"``."""
    return f"{value:,.{decimals_of(value)}f}"


def range_input(name: str, help_text: str, *, disabled: bool = False) -> None:
    """A 90% range: a slider over a range around today's values, and beside it exact low and high, typed."""
    state = st.session_state
    label = LABELS[name]
    spec = FIELD[f"{name}.low"]
    slider, typed = st.columns([6, 1], vertical_alignment="bottom")
    slider.slider(label, key=name, help=help_text, disabled=disabled, **state[f"layout_{name}"])
    # The typed fields show the slider's values (set before they are drawn, as Streamlit requires).
    state[f"{name}_typed_low"], state[f"{name}_typed_high"] = state[name]
    with typed.popover("", icon=":material/edit:", help=f"Type {label.lower()} exactly", disabled=disabled):
        if refused := state.pop(_refused(name), None):  # where the ends were typed, which stays open
            st.warning(plain(refused), icon=":material/swap_vert:")
        for end in ("low", "high"):
            st.number_input(
                f"{end.capitalize()} end ({_TYPED_UNITS.get(name, '%')})",
                key=f"{name}_typed_{end}",
                on_change=_typed,
                args=(name, label, end),
                **number_layout(spec, state[name][0 if end == "low" else 1], "{}"),
            )
