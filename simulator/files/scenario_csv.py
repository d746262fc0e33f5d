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
from collections.abc import Iterable
from pathlib import Path

from simulator.analysis.targets import TargetResult
from simulator.engine.funnel import ENGINE_VERSION
from simulator.files.cells import cell_text, unsafe_text
from simulator.files.dialect import Dialect, dialect_of
from simulator.files.money_columns import (
    CANONICAL_UNIT,
    MixedCurrencyError,
    canonical_header,
    has_money_unit,
    money_column,
    money_header,
)
from simulator.files.scenario_cells import build_scenario, parse_cell, scenario_row
from simulator.files.scenario_columns import COLUMN_BY_FIELD, COLUMNS, describe_kind
from simulator.files.scenario_results import ENGINE_COLUMN, result_columns, result_row
from simulator.files.text import FileTextError, csv_rows, decode_text, sniff_delimiter
from simulator.files.wording import joined
from simulator.i18n import _, ngettext, number_text
from simulator.i18n import currency as run_currency
from simulator.model.checks import InputError, quoted
from simulator.model.fields import FieldSpec
from simulator.model.scenario import Scenario


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read; the message is for the user, as is."""


# --- writing -----------------------------------------------------------------------------------


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
