"""Scenario CSV: one row per scenario, the file people exchange.

One documented column per input (units in the name), the target, trials and seed:
the columns are the table of field specs, :data:`simulator.model.fields.FIELDS`.
Exported rows also carry the results; importing ignores them and recomputes
identical ones. The column reference is ``docs/scenario_csv.md``, whose table of
inputs is :func:`simulator.files.scenario_columns.column_reference`.

Reading is forgiving about form (``,`` or ``;``, decimal comma, BOM, CRLF,
padded cells, columns in any order, ``3%`` or ``0.03``) and strict about
content: a bad file raises :class:`ScenarioFileError` with one plain message
naming the row and column. Text cells are written so that no spreadsheet can
read them as a formula. Files are written standard (``,`` and ``.``) or in the
dialect of a spreadsheet in the manager's language (``;`` and ``,``, see
:mod:`simulator.files.dialect`). Money columns are named in the file's currency
(``deal_size_low_eur``) and read in any, one per file
(:mod:`simulator.files.money_columns`).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from simulator.analysis.targets import PERCENTILES, TargetResult
from simulator.analysis.windows import WINDOW_FIGURES
from simulator.engine.funnel import ENGINE_VERSION
from simulator.files.cells import cell_text, parse_number, unsafe_text
from simulator.files.channel_text import channels_from_text, channels_to_text, names_from_text, names_to_text
from simulator.files.dialect import Dialect, dialect_of
from simulator.files.money_columns import (
    CANONICAL_UNIT,
    MixedCurrencyError,
    canonical_header,
    has_money_unit,
    money_column,
    money_header,
)
from simulator.files.scenario_columns import CHOICES, COLUMN_BY_FIELD, COLUMNS, describe_kind, field_value
from simulator.files.text import FileTextError, csv_rows, decode_text, sniff_delimiter
from simulator.files.wording import joined
from simulator.i18n import _, ngettext, number_text
from simulator.i18n import currency as run_currency
from simulator.model.checks import InputError, quoted
from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import FieldSpec, Kind
from simulator.model.scenario import RANGE_FIELDS, Scenario
from simulator.model.target import Direction, Metric, Target, Window


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read; the message is for the user, as is."""


#: The result column that says which engine computed the results (absent: engine 1).
ENGINE_COLUMN = "engine_version"


def result_columns() -> list[str]:
    """Headers of the result columns that exported rows carry after the inputs."""
    stages = [f"{name}_p{p}" for name in WINDOW_FIGURES for p in PERCENTILES]
    return [
        ENGINE_COLUMN,
        "target_threshold",
        "hit_probability",
        "hit_probability_standard_error",
        "verdict",
        "commit",
        "most_likely",
        "best_case",
        *stages,
    ]


# --- writing -----------------------------------------------------------------------------------


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


def result_row(answer: TargetResult) -> dict[str, object]:
    """The result columns of one evaluated scenario."""
    row = {
        ENGINE_COLUMN: ENGINE_VERSION,
        "target_threshold": answer.threshold,
        "hit_probability": answer.probability,
        "hit_probability_standard_error": answer.standard_error,
        "verdict": answer.verdict.value,
        "commit": answer.commit,
        "most_likely": answer.most_likely,
        "best_case": answer.best_case,
    }
    for metric, values in answer.percentiles.items():
        row.update({f"{metric}_p{p}": value for p, value in zip(PERCENTILES, values, strict=False)})
    return row


#: The optional column of a scenario's note, as the scenario library keeps it (not an input of the model).
NOTE_COLUMN = "note"


def write_scenarios(
    scenarios: Iterable[Scenario],
    answers: Iterable[TargetResult] | None = None,
    *,
    notes: Iterable[str] | None = None,
    dialect: Dialect | None = None,
    delimiter: str = ",",
    currency: str | None = None,
) -> str:
    """The scenario CSV text, with result columns when `answers` are given.

    Parameters
    ----------
    scenarios : iterable of Scenario
        Rows, in order.
    answers : iterable of TargetResult, optional
        One per scenario, in the same order.
    notes : iterable of str, optional
        One note per scenario (the library's), written in a ``note`` column after the inputs.
    dialect : Dialect, optional
        How cells are separated and decimals written: :data:`~simulator.files.dialect.STANDARD`, or
        :func:`~simulator.files.dialect.local_dialect` for a spreadsheet in the manager's language.
        :func:`read_scenarios` reads either without being told.
    delimiter : {",", ";"}
        The separator alone, when no `dialect` is given (the command line's choice): ``";"`` also writes decimal
        commas, for spreadsheets set up that way.
    currency : str, optional
        The ISO 4217 code the money columns are named in (``deal_size_low_eur``); by default the run's
        (:func:`simulator.i18n.currency`). Amounts are written as they are, not converted.

    Returns
    -------
    str
        CSV text with CRLF line ends, as spreadsheets write it.

    Raises
    ------
    ValueError
        When `currency` is not an ISO 4217 code.
    """
    rows = [scenario_row(s) for s in scenarios]
    if notes is not None:
        for row, note in zip(rows, notes, strict=True):
            row[NOTE_COLUMN] = note
    if answers is not None:
        for row, answer in zip(rows, answers, strict=True):
            row.update(result_row(answer))
    header = [c.column for c in COLUMNS] + ([NOTE_COLUMN] if notes is not None else [])
    header += result_columns() if answers is not None else []
    return _csv_text(header, rows, dialect or dialect_of(delimiter), currency or run_currency())


def _csv_text(header: list[str], rows: list[dict[str, object]], dialect: Dialect, currency: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.separator, lineterminator="\r\n")
    writer.writerow(money_header(header, currency))
    for row in rows:
        # Numbers take the dialect's decimal mark (a ';' file's is ','); text is formula-safe in both.
        writer.writerow([cell_text(row.get(name), dialect.separator) for name in header])
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------------


def read_scenarios(source: str | bytes | Path) -> list[Scenario]:
    """Scenarios from scenario CSV text, bytes or a file path (see :func:`read_scenarios_with_notes`)."""
    return [scenario for scenario, _ in read_scenarios_with_notes(source)]


def read_scenarios_with_notes(source: str | bytes | Path) -> list[tuple[Scenario, str]]:
    """Scenarios and their notes (empty without a ``note`` column) from scenario CSV text, bytes or a file path.

    Parameters
    ----------
    source : str, bytes or Path
        The file's contents (str or bytes) or its path.

    Returns
    -------
    list of (Scenario, str)
        In file order; result columns are ignored.

    Raises
    ------
    ScenarioFileError
        With one plain message naming the row and column of the first problem (a column as the file names it:
        ``deal_size_low_eur`` in a file in euros).
    """
    delimiter, rows = _file_rows(source)
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise ScenarioFileError(_("The file is empty: it needs a header row and one row per scenario."))
    header, currency = _check_header([cell.strip() for cell in rows[0][1]])
    scenarios, names = [], {}
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are common at the end of exported files
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            message = ngettext(
                "Row {row} has {cells} cell but the header has {columns}: check the separator ({separator}) "
                "and the quotes.",
                "Row {row} has {cells} cells but the header has {columns}: check the separator ({separator}) "
                "and the quotes.",
                len(cells),
            )
            raise ScenarioFileError(
                message.format(
                    row=line,
                    cells=number_text(len(cells)),
                    columns=number_text(len(header)),
                    separator=repr(delimiter),
                )
            )
        record = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
        scenario = _scenario_from_record(record, line, delimiter, currency)
        if scenario.name in names:
            raise ScenarioFileError(
                _(
                    "Row {row}, column name: {name} is already the name of row {other}; each scenario needs its "
                    "own name."
                ).format(row=line, name=repr(scenario.name), other=names[scenario.name])
            )
        names[scenario.name] = line
        scenarios.append((scenario, unsafe_text(record.get(NOTE_COLUMN, ""))))
    if not scenarios:
        raise ScenarioFileError(_("The file has a header but no scenario rows."))
    return scenarios


def scenario_file_currency(source: str | bytes | Path) -> str | None:
    """The ISO 4217 code (upper case) the money columns of a scenario file are named in.

    Parameters
    ----------
    source : str, bytes or Path
        The file's contents (str or bytes) or its path.

    Returns
    -------
    str or None
        ``"EUR"`` for a file with ``deal_size_low_eur``; None when no column is a money column.

    Raises
    ------
    ScenarioFileError
        When the file cannot be read as text, or its money columns are in different currencies.

    Examples
    --------
    >>> scenario_file_currency("name,deal_size_low_EUR,deal_size_high_eur\\r\\nQ3,1000,2000\\r\\n")
    'EUR'
    """
    _, rows = _file_rows(source)
    return _canonical_header([cell.strip() for cell in rows[0][1]] if rows else [])[1]


def _file_rows(source: str | bytes | Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The separator and the numbered rows of a scenario file."""
    try:
        text = decode_text(source)
        delimiter = sniff_delimiter(text)
        return delimiter, list(csv_rows(text, delimiter))
    except FileTextError as error:
        raise ScenarioFileError(str(error)) from None


def recomputed_results_note(source: str | bytes | Path) -> str | None:
    """A plain note when the file carries results of an older engine, which are recomputed on import.

    Parameters
    ----------
    source : str, bytes or Path
        A scenario file that :func:`read_scenarios` reads.

    Returns
    -------
    str or None
        None when the file has no results or results of this engine.
    """
    text = decode_text(source)
    rows = [cells for _, cells in csv_rows(text, sniff_delimiter(text))]
    header = [cell.strip() for cell in rows[0]] if rows else []
    if not set(header) & set(result_columns()) - {ENGINE_COLUMN}:
        return None
    index = header.index(ENGINE_COLUMN) if ENGINE_COLUMN in header else len(header)
    versions = {row[index].strip() for row in rows[1:] if index < len(row) and row[index].strip()}
    if versions and versions <= {str(ENGINE_VERSION)}:
        return None
    older = ", ".join(sorted(versions)) if versions else "1"
    return _(
        "This file's results came from engine version {older}; they are recomputed with engine version "
        "{engine}, whose draws differ: the same seed gives other trials, so odds may move within their margin of "
        "error."
    ).format(older=older, engine=ENGINE_VERSION)


#: The canonical names of the money columns, which a file may name in any currency.
_MONEY_COLUMNS = frozenset(c.column for c in COLUMNS if has_money_unit(c.column))


def _canonical_header(written: list[str]) -> tuple[list[str], str | None]:
    """The columns of `written` by their canonical names, and the currency of its money columns."""
    try:
        return canonical_header(written, _MONEY_COLUMNS.__contains__)
    except MixedCurrencyError as error:
        raise ScenarioFileError(str(error)) from None


def _check_header(written: list[str]) -> tuple[list[str], str]:
    """The canonical columns of a valid header and the currency its money columns are named in."""
    header, found = _canonical_header(written)
    currency = found or CANONICAL_UNIT.upper()
    known = {c.column for c in COLUMNS} | {NOTE_COLUMN} | set(result_columns())
    unknown = [name for name in header if name and name not in known]
    if unknown:
        raise ScenarioFileError(
            _(
                "Unknown column {column} in the header. The columns are listed in docs/scenario_csv.md (check the "
                "spelling and the units in the name)."
            ).format(column=repr(unknown[0]))
        )
    seen = set()
    # By canonical name, as deal_size_low_eur and deal_size_low_EUR are one column; named as the file writes it.
    for name, as_written in zip(header, written, strict=True):
        if name and name in seen:
            raise ScenarioFileError(
                _("Column {column} appears twice in the header.").format(column=repr(as_written))
            )
        seen.add(name)
    missing = [c.column for c in COLUMNS if c.required and c.column not in header]
    if missing:
        raise ScenarioFileError(
            _("Column {column} is missing: every scenario needs it (see docs/scenario_csv.md).").format(
                column=repr(money_column(missing[0], currency))
            )
        )
    return header, currency


def _scenario_from_record(record: dict[str, str], line: int, delimiter: str, currency: str) -> Scenario:
    """The scenario of one row, `record` keyed by canonical column; messages name columns as the file does."""
    values: dict[str, object] = {}
    for column in COLUMNS:
        cell = record.get(column.column, "")
        if cell == "":
            if column.required:
                raise ScenarioFileError(
                    _("Row {row}, column {column}: the cell is empty; {kind} is needed.").format(
                        row=line, column=money_column(column.column, currency), kind=describe_kind(column)
                    )
                )
            if column.blank_means_none:
                values[column.name] = None
            continue
        values[column.name] = _parse_cell(cell, column, line, delimiter, currency)
    if values.get("target.value") is None and values.get("target.change_pct") is None:
        raise ScenarioFileError(
            _(
                "Row {row}: the target needs a number: fill in target_value, or target_change_pct and "
                "target_baseline."
            ).format(row=line)
        )
    try:
        return build_scenario(values)
    except InputError as error:
        column = COLUMN_BY_FIELD.get(error.field)
        if column:
            where = _("column {column}").format(column=money_column(column.column, currency))
        else:
            where = _columns_of(error.field, currency)
        shown = record.get(column.column, error.value) if column else error.value
        raise ScenarioFileError(
            # TRANSLATORS: {where} is "column win_rate_low", "columns win_rate_low and win_rate_high", ...
            _("Row {row}, {where}: {value} is not allowed: it must be {allowed}.").format(
                row=line, where=where, value=quoted(shown), allowed=error.allowed
            )
        ) from None


def _columns_of(field: str, currency: str) -> str:
    """Where in a row the field of an error is (``"columns win_rate_low and win_rate_high"``), its columns named
    in `currency`."""
    names = [
        money_column(c.column, currency) for c in COLUMNS if c.name.startswith(field + ".") or c.name == field
    ]
    if names:
        return _("columns {columns}").format(columns=joined(names))
    # A part of one cell's value: a channel's spend changes outside the horizon.
    holder = next((c for c in COLUMNS if field.startswith(c.name + ".")), None)
    if holder:
        part = field.removeprefix(holder.name + ".")
        return _("column {column} ({part})").format(column=money_column(holder.column, currency), part=part)
    return _("field {field}").format(field=field)


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


def _parse_cell(cell: str, column: FieldSpec, line: int, delimiter: str, currency: str) -> object:
    name = money_column(column.column, currency)  # as the file names it
    try:
        return parse_cell(cell, column, delimiter)
    except InputError as error:  # correlations or channels: the message names the piece and what is allowed
        if error.field == column.name:
            where = _("column {column}").format(column=name)
        else:
            part = error.field.removeprefix(column.name + ".")
            where = _("column {column} ({part})").format(column=name, part=part)
        raise ScenarioFileError(
            _("Row {row}, {where}: {value} is not allowed: it must be {allowed}.").format(
                row=line, where=where, value=quoted(error.value), allowed=error.allowed
            )
        ) from None
    except ValueError as error:
        raise ScenarioFileError(
            _("Row {row}, column {column}: {problem}").format(row=line, column=name, problem=error)
        ) from None


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
