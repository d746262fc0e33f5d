"""How a field's widget is laid out: its unit on screen, bounds, step, format and slider range, from its spec.

Rates are shown in percent; steps and slider bounds come from the field specs
(:data:`simulator.model.fields.FIELDS`). A number input has no bounds of its own: Streamlit keeps a typed value
beyond them from the page without a word (the box shows it with a "!" while the page uses the old value), so
every typed value reaches the model, whose check names the field and what is allowed. A slider's range follows
the loaded values.
"""

from __future__ import annotations

import math
from decimal import Decimal

from simulator.i18n import _, number_text, percent_text
from simulator.model.fields import FIELD, FieldSpec, Kind

#: Most decimals a widget shows (in its own unit: percent for rates).
MAX_DECIMALS = 6

#: Round slider ends: m x 10^k for these m.
_NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The next round number (:data:`_NICE` x 10^k) at or above `value`, for a slider's top.

    >>> nice_ceiling(42), nice_ceiling(36_000), nice_ceiling(0)
    (50.0, 40000.0, 1.0)
    """
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return float(next(m * power for m in _NICE if m * power >= value * (1 - 1e-12)))


def nice_floor(value: float) -> float:
    """The round number (:data:`_NICE` x 10^k) at or below `value`, for a slider's bottom; 0 for 0 or less.

    >>> nice_floor(6_000), nice_floor(2.2), nice_floor(-5)
    (6000.0, 2.0, 0.0)
    """
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return float(next(m * power for m in reversed(_NICE) if m * power <= value * (1 + 1e-12)))


def decimals_of(value: float) -> int:
    """Decimals needed to write `value` exactly as its shortest decimal.

    >>> decimals_of(0.05), decimals_of(12.5), decimals_of(5000.0), decimals_of(1e-7)
    (2, 1, 0, 7)
    """
    return max(0, -int(Decimal(repr(float(value))).normalize().as_tuple().exponent))


def to_shown(spec: FieldSpec, value: float) -> float:
    """A field's value in the unit its widget shows: percent for rates, shifted in decimal so 0.035 is 3.5.

    >>> to_shown(FIELD["win_rate.low"], 0.035), from_shown(FIELD["win_rate.low"], 3.5)
    (3.5, 0.035)
    """
    if spec.kind is not Kind.RATE:
        return float(value)
    return float(Decimal(repr(float(value))).scaleb(2))


def from_shown(spec: FieldSpec, shown: float) -> float:
    """The field's value from what its widget shows (the inverse of :func:`to_shown`)."""
    if spec.kind is not Kind.RATE:
        return float(shown)
    return float(Decimal(repr(float(shown))).scaleb(-2))


def fit_to_widget(spec: FieldSpec, value: float, notices: list[str]) -> float:
    """`value` in the widget's unit, rounded (with a notice) when it needs more than MAX_DECIMALS decimals."""
    shown = to_shown(spec, value)
    if decimals_of(shown) > MAX_DECIMALS:
        rounded = round(shown, MAX_DECIMALS)
        notices.append(
            _(
                "{column}: {value} has more decimals than the input shows; the page shows and uses {rounded}."
            ).format(
                column=spec.column,
                value=_shown_text(spec, shown, decimals_of(shown)),
                rounded=_shown_text(spec, rounded, MAX_DECIMALS),
            )
        )
        shown = rounded
    return shown


def _shown_text(spec: FieldSpec, shown: float, digits: int) -> str:
    """A value in its widget's unit with `digits` decimals, in a sentence: a rate's ``"12.345679%"``."""
    return percent_text(shown / 100, digits) if spec.kind is Kind.RATE else number_text(shown, digits)


def _format(template: str, spec: FieldSpec, *values: float, thousands: bool = False) -> str:
    """`template` with ``{}`` replaced by a printf format with enough decimals for the step and `values`, and with
    thousands separators when asked (sliders take ``%,.0f``, which shows 24,000; number inputs refuse it)."""
    decimals = max(decimals_of(to_shown(spec, spec.step)), *map(decimals_of, values))
    return template.replace("{}", f"%{',' if thousands else ''}.{decimals}f")


def slider_layout(spec: FieldSpec, low: float, high: float, template: str) -> dict[str, object]:
    """Range, step and format of a slider showing ``low..high`` (shown units): about two range widths either
    side of the values, in round numbers, inside the field's bounds, so that a pixel moves the value by little
    and a drag can still go well beyond today. A value beyond the ends is typed (:func:`typed_range`).

    >>> slider_layout(FIELD["win_rate.low"], 18.0, 26.0, "{}%%")
    {'min_value': 2.0, 'max_value': 50.0, 'step': 0.1, 'format': '%,.1f%%'}
    >>> slider_layout(FIELD["traffic.low"], 18_000.0, 24_000.0, "{}")
    {'min_value': 6000.0, 'max_value': 40000.0, 'step': 10.0, 'format': '%,.0f'}
    >>> slider_layout(FIELD["deal_size.low"], 30.0, 90.0, "${}")
    {'min_value': 0.0, 'max_value': 250.0, 'step': 1.0, 'format': '$%,.0f'}
    """
    width = max(high - low, 0.25 * high) or to_shown(spec, spec.step)
    bottom, top = nice_floor(low - 2 * width), nice_ceiling(high + 2 * width)
    if math.isfinite(spec.low):
        bottom = max(bottom, to_shown(spec, spec.low))
    if math.isfinite(spec.high):
        top = min(top, to_shown(spec, spec.high))
    step = to_shown(spec, spec.step)
    if spec.kind is Kind.NUMBER:  # amounts move in whole steps of about a thousandth of the slider
        step = max(1.0, 10.0 ** math.floor(math.log10(max(top - bottom, 1.0) / 1000)))
    return {
        "min_value": min(bottom, low),
        "max_value": max(top, high),
        "step": step,
        "format": _format(template, spec, low, high, thousands=True),
    }


def number_layout(spec: FieldSpec, shown: float, template: str) -> dict[str, object]:
    """Step and format of a float input showing `shown`, with as many decimals as it needs, and no bounds (the
    model checks what is typed).

    >>> number_layout(FIELD["traffic_growth"], 1.25, "{}")
    {'step': 0.5, 'format': '%.2f'}
    """
    return {"step": to_shown(spec, spec.step), "format": _format(template, spec, shown)}


def slider_bounds(spec: FieldSpec) -> dict[str, float | int]:
    """The model's bounds, in the unit shown, for a slider over the whole field (a slider can't go beyond them).

    >>> slider_bounds(FIELD["gross_margin"]), slider_bounds(FIELD["horizon_months"])
    ({'min_value': -100.0, 'max_value': 100.0}, {'min_value': 1, 'max_value': 24})
    """
    if spec.kind is Kind.INTEGER:
        return {"min_value": int(spec.low), "max_value": int(spec.high)}
    return {"min_value": to_shown(spec, spec.low), "max_value": to_shown(spec, spec.high)}


def integer_layout(name: str) -> dict[str, int]:
    """The step of a whole-number input, and no bounds (the model checks what is typed)."""
    return {"step": int(FIELD[name].step)}
