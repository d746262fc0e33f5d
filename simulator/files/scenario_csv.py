"""Scenario CSV and trials CSV: the files people exchange.

Scenario CSV
    One row per scenario, one documented column per input (units in the name),
    the target, trials and seed. Exported rows also carry the results; importing
    ignores them and recomputes identical ones. The column reference is
    ``docs/scenario_csv.md``.

Trials CSV
    One row per scenario, trial and month: every stage, revenue and costs, plus
    the inputs drawn for that trial.

Reading is forgiving about form (``,`` or ``;``, decimal comma, BOM, CRLF,
padded cells, columns in any order, ``3%`` or ``0.03``) and strict about
content: a bad file raises :class:`ScenarioFileError` with one plain message
naming the row and column. Text cells are written so that no spreadsheet can
read them as a formula.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.analysis.targets import PERCENTILES, TargetResult
from simulator.engine.funnel import DRAWN_INPUTS, FIGURES, SimulationResult
from simulator.model.distributions import Range
from simulator.model.scenario import RANGE_FIELDS, Direction, InputError, Metric, Scenario, Target


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read; the message is for the user, as is."""


@dataclass(frozen=True)
class Column:
    """One input column of the scenario CSV.

    Attributes
    ----------
    name : str
        Header in the file.
    field : str
        Dotted field of :class:`Scenario` (``"win_rate.low"``, ``"target.value"``).
    kind : str
        ``text``, ``number``, ``integer``, ``rate`` (fraction; ``3%`` accepted) or ``choice``.
    required : bool
        Whether the column must be present and filled in.
    blank_means_none : bool
        An empty cell is allowed and means "not given" (no cap, no target value).
    """

    name: str
    field: str
    kind: str
    required: bool = False
    blank_means_none: bool = False


COLUMNS = (
    Column("name", "name", "text", required=True),
    Column("horizon_months", "horizon_months", "integer"),
    Column("traffic_low_visits_per_month", "traffic.low", "number", required=True),
    Column("traffic_high_visits_per_month", "traffic.high", "number", required=True),
    Column("traffic_growth_rate_per_month", "traffic_growth", "rate"),
    Column("visit_to_lead_rate_low", "visit_to_lead.low", "rate", required=True),
    Column("visit_to_lead_rate_high", "visit_to_lead.high", "rate", required=True),
    Column("lead_to_qualified_rate_low", "lead_to_qualified.low", "rate", required=True),
    Column("lead_to_qualified_rate_high", "lead_to_qualified.high", "rate", required=True),
    Column("win_rate_low", "win_rate.low", "rate", required=True),
    Column("win_rate_high", "win_rate.high", "rate", required=True),
    Column("deal_size_low_usd", "deal_size.low", "number", required=True),
    Column("deal_size_high_usd", "deal_size.high", "number", required=True),
    Column("sales_cycle_months", "sales_cycle_months", "number"),
    Column("open_pipeline_opportunities", "open_pipeline", "integer"),
    Column("reps", "reps", "integer"),
    Column("new_reps", "new_reps", "integer"),
    Column("new_rep_ramp_productivity_rate", "ramp_productivity", "rate"),
    Column("new_rep_ramp_months", "ramp_months", "integer"),
    Column("capacity_opportunities_per_rep_per_month", "capacity_per_rep", "number", blank_means_none=True),
    Column("marketing_spend_usd_per_month", "marketing_spend", "number"),
    Column("cost_per_rep_usd_per_month", "cost_per_rep", "number"),
    Column("gross_margin_rate", "gross_margin", "rate"),
    Column("target_metric", "target.metric", "choice", required=True),
    Column("target_direction", "target.direction", "choice"),
    Column("target_value", "target.value", "number", blank_means_none=True),
    Column("target_change_pct", "target.change_pct", "number", blank_means_none=True),
    Column("target_baseline", "target.baseline", "number", blank_means_none=True),
    Column("target_deadline_month", "target.deadline_month", "integer", required=True),
    Column("trials", "trials", "integer"),
    Column("seed", "seed", "integer"),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
_CHOICES = {"target.metric": Metric, "target.direction": Direction}


def result_columns() -> list[str]:
    """Headers of the result columns that exported rows carry after the inputs."""
    stages = [f"{name}_p{p}" for name in FIGURES for p in PERCENTILES]
    return [
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

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that no spreadsheet will run as a formula: a risky first character gets a leading ``'``.

    Examples
    --------
    >>> safe_text("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> safe_text("Q3 plan")
    'Q3 plan'
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _unsafe_text(text: str) -> str:
    """Undo :func:`safe_text` on import, so names round-trip exactly."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def scenario_row(scenario: Scenario) -> dict[str, object]:
    """The input columns of one scenario, as written to the file."""
    row = {}
    for column in COLUMNS:
        value = _get(scenario, column.field)
        if isinstance(value, (Metric, Direction)):
            value = value.value
        row[column.name] = value
    return row


def result_row(answer: TargetResult) -> dict[str, object]:
    """The result columns of one evaluated scenario."""
    row = {
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


def write_scenarios(
    scenarios: Iterable[Scenario], answers: Iterable[TargetResult] | None = None, *, delimiter: str = ","
) -> str:
    """The scenario CSV text, with result columns when `answers` are given.

    Parameters
    ----------
    scenarios : iterable of Scenario
        Rows, in order.
    answers : iterable of TargetResult, optional
        One per scenario, in the same order.
    delimiter : {",", ";"}
        ``";"`` also writes decimal commas, for spreadsheets set up that way.

    Returns
    -------
    str
        CSV text with CRLF line ends, as spreadsheets write it.
    """
    rows = [scenario_row(s) for s in scenarios]
    if answers is not None:
        for row, answer in zip(rows, answers, strict=True):
            row.update(result_row(answer))
    header = [c.name for c in COLUMNS] + (result_columns() if answers is not None else [])
    return _csv_text(header, rows, delimiter)


def write_trials(results: Iterable[SimulationResult]) -> str:
    """The trials CSV text: one row per scenario, trial and month.

    Money is rounded to cents; drawn inputs are written in full precision.
    """
    frames = [trials_frame(result) for result in results]
    frame = pd.concat(frames, ignore_index=True)
    frame["scenario"] = frame["scenario"].map(safe_text)
    return frame.to_csv(index=False, lineterminator="\r\n")


def trials_frame(result: SimulationResult) -> pd.DataFrame:
    """One row per trial and month of `result`, as a DataFrame (see :func:`write_trials`)."""
    trials, months = result.trials, result.months
    columns = {
        "scenario": np.full(trials * months, result.scenario.name, dtype=object),
        "trial": np.repeat(np.arange(1, trials + 1), months),
        "month": np.tile(np.arange(1, months + 1), trials),
        "visits": result.visits.ravel(),
        "leads": result.leads.ravel(),
        "qualified": result.qualified.ravel(),
        "worked": result.worked.ravel(),
        "backlog": result.backlog.ravel(),
        "deals": result.deals.ravel(),
        "revenue_usd": np.round(result.revenue.ravel(), 2),
        "costs_usd": np.round(np.ravel(result.costs), 2),
        "gross_profit_usd": np.round(result.gross_profit().ravel(), 2),
    }
    for name in DRAWN_INPUTS:
        columns[f"drawn_{name}"] = np.repeat(result.drawn[name], months)
    return pd.DataFrame(columns)


def _csv_text(header: list[str], rows: list[dict[str, object]], delimiter: str) -> str:
    if delimiter not in (",", ";"):
        raise ValueError(f"{delimiter=} must be ',' or ';'")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell_text(row.get(name), delimiter) for name in header])
    return out.getvalue()


def cell_text(value: object, delimiter: str = ",") -> str:
    """How `value` is written in a cell: text made formula-safe, floats in full precision."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""  # e.g. CAC when no trial won a deal: there is no number to give
        text = repr(value)  # shortest text that reads back to the same float
    else:
        text = str(value)
    return text.replace(".", ",") if delimiter == ";" else text


# --- reading -----------------------------------------------------------------------------------


def read_scenarios(source: str | bytes | Path) -> list[Scenario]:
    """Scenarios from scenario CSV text, bytes or a file path.

    Parameters
    ----------
    source : str, bytes or Path
        The file's contents (str or bytes) or its path.

    Returns
    -------
    list of Scenario
        In file order; result columns are ignored.

    Raises
    ------
    ScenarioFileError
        With one plain message naming the row and column of the first problem.
    """
    text = decode_text(source)
    delimiter = sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ScenarioFileError("The file is empty: it needs a header row and one row per scenario.")
    header = [cell.strip() for cell in rows[0]]
    _check_header(header)
    scenarios, names = [], {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are common at the end of exported files
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise ScenarioFileError(
                f"Row {line} has {len(cells)} cells but the header has {len(header)}: "
                f"check the separator ({delimiter!r}) and the quotes."
            )
        record = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
        scenario = _scenario_from_record(record, line, delimiter)
        if scenario.name in names:
            raise ScenarioFileError(
                f"Row {line}, column name: {scenario.name!r} is already the name of row "
                f"{names[scenario.name]}; each scenario needs its own name."
            )
        names[scenario.name] = line
        scenarios.append(scenario)
    if not scenarios:
        raise ScenarioFileError("The file has a header but no scenario rows.")
    return scenarios


def decode_text(source: str | bytes | Path) -> str:
    """The text of a file given as text, bytes or a path: UTF-8 with or without BOM, else a plain error."""
    if isinstance(source, Path):
        try:
            source = source.read_bytes()
        except OSError as error:
            raise ScenarioFileError(f"Cannot open {source}: {error.strerror}.") from None
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioFileError(
                "The file is not UTF-8 text. In your spreadsheet, save it as 'CSV UTF-8' and try again."
            ) from None
    return source.removeprefix("\ufeff")


def sniff_delimiter(text: str) -> str:
    """``;`` when the header row has more semicolons than commas, else ``,``."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _check_header(header: list[str]) -> None:
    known = {c.name for c in COLUMNS} | set(result_columns())
    unknown = [name for name in header if name and name not in known]
    if unknown:
        raise ScenarioFileError(
            f"Unknown column {unknown[0]!r} in the header. The columns are listed in "
            "docs/scenario_csv.md (check the spelling and the units in the name)."
        )
    seen = set()
    for name in header:
        if name and name in seen:
            raise ScenarioFileError(f"Column {name!r} appears twice in the header.")
        seen.add(name)
    missing = [c.name for c in COLUMNS if c.required and c.name not in header]
    if missing:
        raise ScenarioFileError(
            f"Column {missing[0]!r} is missing: every scenario needs it (see docs/scenario_csv.md)."
        )


def _scenario_from_record(record: dict[str, str], line: int, delimiter: str) -> Scenario:
    values: dict[str, object] = {}
    for column in COLUMNS:
        cell = record.get(column.name, "")
        if cell == "":
            if column.required:
                raise ScenarioFileError(
                    f"Row {line}, column {column.name}: the cell is empty; {_describe_kind(column)} is needed."
                )
            if column.blank_means_none:
                values[column.field] = None
            continue
        values[column.field] = _parse_cell(cell, column, line, delimiter)
    if values.get("target.value") is None and values.get("target.change_pct") is None:
        raise ScenarioFileError(
            f"Row {line}: the target needs a number: fill in target_value, or "
            "target_change_pct and target_baseline."
        )
    try:
        return build_scenario(values)
    except InputError as error:
        column = COLUMN_BY_FIELD.get(error.field)
        where = f"column {column.name}" if column else _columns_of(error.field)
        shown = record.get(column.name, error.value) if column else error.value
        raise ScenarioFileError(
            f"Row {line}, {where}: {shown!r} is not allowed: it must be {error.allowed}."
        ) from None


def _columns_of(field: str) -> str:
    names = [c.name for c in COLUMNS if c.field.startswith(field + ".") or c.field == field]
    return "columns " + " and ".join(names) if names else f"field {field}"


def build_scenario(values: dict[str, object]) -> Scenario:
    """A scenario from values keyed by dotted field (``"win_rate.low"``); None drops a target field.

    Raises
    ------
    InputError
        When a value is not allowed.
    """
    target = {k.removeprefix("target."): v for k, v in values.items() if k.startswith("target.") and v is not None}
    ranges = {name: Range(values[f"{name}.low"], values[f"{name}.high"]) for name in RANGE_FIELDS}
    plain = {k: v for k, v in values.items() if "." not in k}
    return Scenario(**plain, **ranges, target=Target(**target))


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")  # never 0.035


def parse_number(text: str, *, delimiter: str = ",", percent: bool = False) -> float:
    """A number as people type it in spreadsheets.

    Accepts a decimal comma (``0,03``; with ``;`` files any comma is decimal),
    thousands separators (``5,000`` in comma files, spaces), and with
    ``percent=True`` a trailing ``%`` (``3%`` is 0.03).

    Raises
    ------
    ValueError
        When the text is not a number.

    Examples
    --------
    >>> parse_number("3%", percent=True)
    0.03
    >>> parse_number("0,035", delimiter=";")
    0.035
    >>> parse_number("5,000")
    5000.0
    >>> parse_number("4.000", delimiter=";"), parse_number("0.035", delimiter=";")
    (4000.0, 0.035)
    """
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    is_percent = percent and cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%") if is_percent else cleaned
    if "," in cleaned:
        if "." in cleaned and cleaned.rfind(",") < cleaned.rfind("."):
            cleaned = cleaned.replace(",", "")  # 1,234.5
        elif "." in cleaned:
            cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,5
        elif delimiter == "," and _THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")  # 5,000
        else:
            cleaned = cleaned.replace(",", ".")  # 0,03
    elif delimiter == ";" and _DOT_THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")  # 4.000 in a ';' file: thousands, as European spreadsheets write
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return value / 100 if is_percent else value


def _parse_cell(cell: str, column: Column, line: int, delimiter: str) -> object:
    try:
        return parse_cell(cell, column, delimiter)
    except ValueError as error:
        raise ScenarioFileError(f"Row {line}, column {column.name}: {error}") from None


def parse_cell(cell: str, column: Column, delimiter: str = ",") -> object:
    """The value of one cell of `column`.

    Raises
    ------
    ValueError
        With a plain message such as ``"'abc' is not a number; a rate such as 3% or 0.03 is needed."``
    """
    if column.kind == "text":
        return _unsafe_text(cell)
    if column.kind == "choice":
        choice = _CHOICES[column.field]
        normalised = cell.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return choice(normalised)
        except ValueError:
            options = ", ".join(m.value for m in choice)
            raise ValueError(f"{cell!r} is not one of: {options}.") from None
    try:
        value = parse_number(cell, delimiter=delimiter, percent=column.kind == "rate")
    except ValueError:
        raise ValueError(f"{cell!r} is not a number; {_describe_kind(column)} is needed.") from None
    if column.kind == "integer":
        if value != int(value):
            raise ValueError(f"{cell!r} is not a whole number.")
        return int(value)
    return value


def _describe_kind(column: Column) -> str:
    return {
        "text": "a name",
        "integer": "a whole number",
        "number": "a number",
        "rate": "a rate such as 3% or 0.03",
        "choice": "one of: " + ", ".join(m.value for m in _CHOICES.get(column.field, ())),
    }[column.kind]


def field_values(scenario: Scenario) -> dict[str, object]:
    """Every input of `scenario` keyed by dotted field, as :func:`build_scenario` takes them."""
    return {column.field: _get(scenario, column.field) for column in COLUMNS}


def _get(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj
