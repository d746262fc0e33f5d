"""A typed number in the session's language: ``st.number_input`` where the decimal mark is a point, a text field
read with the locale's decimal mark where it is a comma.

``st.number_input`` reads "1,5" as nothing and "1.500" as one and a half, and shows "1500.00" whatever the
language; a Spanish or Russian manager types 1.500 for fifteen hundred and 2,5 for two and a half. So in those
languages the field is a text field that shows the value as the language writes it and reads what is typed with
:func:`simulator.i18n.parse_number`. Either way the number itself is ``st.session_state[key]``, which the pages
read as they always have; a value that is not a number, or is out of bounds, is said under the field and the
last good value is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from simulator.i18n import _, number_text, parse_number
from simulator.i18n.numbers import locale
from ui.text import plain

_DECIMALS = re.compile(r"%\.(\d+)f")


def _text_key(key: str) -> str:
    return f"{key}__typed"


def _refusal_key(key: str) -> str:
    return f"{key}__refused"


def _decimals(format_: str | None, step: float | None) -> int:
    """The decimals the field shows: its printf format's, else its step's."""
    if format_ and (match := _DECIMALS.search(format_)):
        return int(match.group(1))
    return 0 if step is None or float(step).is_integer() else len(repr(float(step)).split(".")[1])


def _read_typed(key: str, bounds: tuple[float | None, float | None], on_change: Callable | None, args) -> None:
    """A typed value: kept when it is a number within bounds, else said and the last good value kept."""
    typed = st.session_state[_text_key(key)]
    low, high = bounds
    try:
        value = parse_number(typed)
    except ValueError:
        st.session_state[_refusal_key(key)] = _("{typed} is not a number. Type it as {example}.").format(
            typed=plain(repr(typed[:40])), example=number_text(1234.5, 1)
        )
        return
    if (low is not None and value < low) or (high is not None and value > high):
        refusal = _("{typed} is out of range: it must be from {low} to {high}.")
        st.session_state[_refusal_key(key)] = refusal.format(
            typed=plain(repr(typed[:40])),
            low=number_text(low) if low is not None else "-∞",
            high=number_text(high) if high is not None else "∞",
        )
        return
    st.session_state.pop(_refusal_key(key), None)
    st.session_state[key] = value
    if on_change is not None:
        on_change(*args)


def number_field(
    where: DeltaGenerator,
    label: str,
    *,
    key: str,
    min_value: float | None = None,
    max_value: float | None = None,
    step: float | None = None,
    format: str | None = None,
    help: str | None = None,
    on_change: Callable | None = None,
    args: tuple = (),
    value: float | None = None,
    disabled: bool = False,
    label_visibility: str = "visible",
) -> float | None:
    """A number typed in the session's language, kept in ``st.session_state[key]``, drawn in `where` (``st``, the
    sidebar or a column); the other arguments are ``st.number_input``'s. Returns the value."""
    whole = isinstance(step, int) or (isinstance(min_value, int) and format is None and step is None)
    if locale().number_symbols["latn"]["decimal"] == "." or whole:
        # Whole numbers have no decimal mark to misread; the steppers are worth keeping.
        return where.number_input(
            label,
            key=key,
            min_value=min_value,
            max_value=max_value,
            step=step,
            format=format,
            help=help,
            on_change=on_change,
            args=args,
            value=value if value is not None and key not in st.session_state else "min",
            disabled=disabled,
            label_visibility=label_visibility,
        )
    if key not in st.session_state:
        st.session_state[key] = value if value is not None else (min_value or 0.0)
    st.session_state[key] = st.session_state[key]  # kept though no widget owns the key in this language
    if _refusal_key(key) not in st.session_state:
        st.session_state[_text_key(key)] = number_text(st.session_state[key], _decimals(format, step))
    where.text_input(
        label,
        key=_text_key(key),
        help=help,
        on_change=_read_typed,
        args=(key, (min_value, max_value), on_change, args),
        disabled=disabled,
        label_visibility=label_visibility,
    )
    if refusal := st.session_state.get(_refusal_key(key)):
        where.caption(f":red[{refusal}]")
    return st.session_state[key]
