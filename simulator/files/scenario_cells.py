"""A scenario as the cells of one row, and back: the conversion the scenario CSV and shareable links share.

:func:`scenario_row` gives a scenario's input columns as they are written (choices by their value, correlations
and channels in their text form); :func:`parse_cell` reads one cell of a column, and :func:`build_scenario` makes
the scenario from the values read, keyed by dotted field. The file (:mod:`simulator.files.scenario_csv`) and the
link (:mod:`simulator.files.links`) each say in their own words where a value that is not allowed was.
"""

from __future__ import annotations

import math
from decimal import Decimal

from simulator.files.cells import parse_number, unsafe_text
from simulator.files.channel_text import channels_from_text, channels_to_text, names_from_text, names_to_text
from simulator.files.scenario_columns import CHOICES, COLUMNS, describe_kind, field_value
from simulator.i18n import _
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import FieldSpec, Kind
from simulator.model.scenario import RANGE_FIELDS, Scenario
from simulator.model.target import Direction, Metric, Target, Window


def scenario_row(scenario: Scenario) -> dict[str, object]:
    """The input columns of one scenario, as written to the file."""
    row = {}
    for column in COLUMNS:
        value = field_value(scenario, column.name)
        if isinstance(value, (Metric, Direction, Window)):
            value = value.value
        elif isinstance(value, Correlations):
            value = value.to_text()
        elif column.name == "channels":
            value = channels_to_text(value)
        elif column.name == "target.channels":
            value = names_to_text(value)
        row[column.column] = value
    return row


def parse_cell(cell: str, column: FieldSpec, delimiter: str = ",") -> object:
    """The value of one cell of `column`.

    A percentage is the same number as the fraction written out (``1.1%`` is exactly ``0.011``), so a
    rate reads the same whichever way it is typed, and shows the same in the app.

    The ``correlations`` cell is a :class:`~simulator.model.correlations.Correlations` in its text form; a
    decimal comma reads as a point there (``=-0,5``), as the text has no other use for a comma. The ``channels``
    cell is a tuple of :class:`~simulator.model.channels.Channel` in its text form
    (:mod:`simulator.files.channel_text`), its numbers read as the file's other numbers are.

    Raises
    ------
    ValueError
        With a plain message such as ``"'abc' is not a number; a rate such as 3% or 0.03 is needed."``; an
        :class:`InputError` (a ValueError) for correlations or channels that are not allowed.
    """
    if column.name == "correlations":
        return Correlations.from_text(unsafe_text(cell).replace(",", "."))
    if column.name == "channels":
        return channels_from_text(unsafe_text(cell), delimiter)
    if column.name == "target.channels":
        return names_from_text(unsafe_text(cell))
    if column.kind is Kind.TEXT:
        return unsafe_text(cell)
    if column.kind is Kind.CHOICE:
        choice = CHOICES[column.name]
        normalised = cell.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return choice(normalised)
        except ValueError:
            options = ", ".join(m.value for m in choice)
            message = _("{cell} is not one of: {choices}.").format(cell=repr(cell), choices=options)
            raise ValueError(message) from None
    try:
        money = column.unit.startswith("money")
        value = parse_number(cell, delimiter=delimiter, percent=column.kind is Kind.RATE, currency=money)
        if column.kind is Kind.RATE and cell.strip().endswith("%"):
            # parse_number divides by 100 in binary (1.1% -> 0.011000000000000001): shift the decimal instead.
            value = float(Decimal(repr(parse_number(cell.strip()[:-1], delimiter=delimiter))).scaleb(-2))
    except ValueError:
        raise ValueError(
            _("{cell} is not a number; {kind} is needed.").format(cell=repr(cell), kind=describe_kind(column))
        ) from None
    if not math.isfinite(value):
        raise ValueError(
            _("{cell} is out of range: it must be {allowed}.").format(cell=repr(cell), allowed=_(column.allowed))
        )
    if column.kind is Kind.INTEGER:
        if value != int(value):
            raise ValueError(_("{cell} is not a whole number.").format(cell=repr(cell)))
        return int(value)
    return value


def build_scenario(values: dict[str, object]) -> Scenario:
    """A scenario from values keyed by dotted field (``"win_rate.low"``); None drops a target field.

    Raises
    ------
    InputError
        When a value is not allowed.
    """
    target = {k.removeprefix("target."): v for k, v in values.items() if k.startswith("target.") and v is not None}
    ranges = {name: _range(values, name) for name in RANGE_FIELDS}
    plain = {k: v for k, v in values.items() if "." not in k}
    return Scenario(**plain, **{k: v for k, v in ranges.items() if v is not None}, target=Target(**target))


def _range(values: dict[str, object], name: str) -> Range | None:
    """A 90% range from its ends; one end alone is a known value, none the scenario's default (an optional range
    such as churn, absent from an older file)."""
    low, high = values.get(f"{name}.low"), values.get(f"{name}.high")
    if low is None and high is None:
        return None
    return Range(high if low is None else low, low if high is None else high)
