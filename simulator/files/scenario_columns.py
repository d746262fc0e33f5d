"""The scenario CSV's columns: one per field spec, what a cell of each holds, a scenario's values by column, and
the column reference of ``docs/scenario_csv.md`` made from them (a test keeps the document equal to it)."""

from __future__ import annotations

from simulator.files.channel_text import channels_to_text, names_to_text
from simulator.i18n import _
from simulator.model.correlations import Correlations
from simulator.model.fields import FIELDS, FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.subscription import RevenueMode
from simulator.model.target import Direction, Metric, Window

#: The input columns, in file order: one per field spec (``spec.column`` is the header).
COLUMNS: tuple[FieldSpec, ...] = FIELDS
COLUMN_BY_FIELD = {column.name: column for column in COLUMNS}
#: The choices of each choice column.
CHOICES = {
    "revenue_mode": RevenueMode,
    "target.metric": Metric,
    "target.direction": Direction,
    "target.window": Window,
}


def describe_kind(column: FieldSpec) -> str:
    """What a cell of the column must hold, in plain words of the run's language (``"a rate such as 3% or 0.03"``).

    Examples
    --------
    >>> from simulator.model.fields import FIELD
    >>> describe_kind(FIELD["win_rate.low"]), describe_kind(FIELD["revenue_mode"])
    ('a rate such as 3% or 0.03', 'one of: one_off, subscription')
    """
    if column.kind is Kind.CHOICE:
        # TRANSLATORS: the codes a cell may hold, as written in the file: "one of: one_off, subscription".
        return _("one of: {choices}").format(choices=", ".join(m.value for m in CHOICES.get(column.name, ())))
    return {
        Kind.TEXT: _("a name"),
        Kind.INTEGER: _("a whole number"),
        Kind.NUMBER: _("a number"),
        Kind.RATE: _("a rate such as 3% or 0.03"),
    }[column.kind]


def field_values(scenario: Scenario) -> dict[str, object]:
    """Every input of `scenario` keyed by dotted field, as
    :func:`~simulator.files.scenario_cells.build_scenario` takes them."""
    return {column.name: field_value(scenario, column.name) for column in COLUMNS}


def field_value(obj: object, dotted: str) -> object:
    """The value of a dotted field (``"win_rate.low"``) of a scenario."""
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def column_reference() -> str:
    """The table of input columns in ``docs/scenario_csv.md``, made from the field specs.

    Defaults are those of :class:`Scenario`; a test keeps the document equal to this table.
    """
    default = Scenario()
    lines = ["| column | required | unit | allowed | what it is | default |", "|---|---|---|---|---|---|"]
    for spec in COLUMNS:
        required = "yes" if spec.required else _TARGET_NUMBER.get(spec.name, "")
        allowed = describe_kind(spec) if spec.kind is Kind.CHOICE else spec.allowed
        if spec.required or spec.name in _TARGET_NUMBER:
            shown = ""
        else:
            shown = _shown_default(spec, field_value(default, spec.name))
        unit = "rate" if spec.kind is Kind.RATE else spec.unit or _UNITLESS[spec.kind]
        cells = [f"`{spec.column}`", required, unit, allowed, spec.description, shown]
        # A '|' in a cell (the channels' separator) would end it: Markdown tables take it escaped, even in code.
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


_TARGET_NUMBER = {"target.value": "one of", "target.change_pct": "one of", "target.baseline": "with change"}
_UNITLESS = {Kind.INTEGER: "whole number", Kind.NUMBER: "metric's unit"}


def _shown_default(spec: FieldSpec, value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (Metric, Direction, Window)):
        return f"`{value.value}`"
    if isinstance(value, Correlations):
        return f"`{value.to_text()}`" if value.to_text() else "empty"
    if spec.name in ("channels", "target.channels"):
        text = channels_to_text(value) if spec.name == "channels" else names_to_text(value)
        return f"`{text}`" if text else "empty"
    if spec.kind is Kind.RATE:
        return f"{value * 100:g}%"
    return f"{value:g}" if isinstance(value, float) else str(value)
