"""A CRM's open-deals export read into open deals: columns matched by the names Salesforce, HubSpot and Pipedrive
export, dates in the ways spreadsheets write them, and every bad row named and left out.

Dates may be ``2026-03-31``, ``31/03/2026``, ``03/31/2026``, ``31.03.2026`` or ``31-03-2026`` (a time after them
is ignored). Whether a column's dates are day first or month first is settled once, from all of them: a first
number above 12 says day first, a second above 12 month first. When no date says which (every one could be read
either way) the reader asks rather than guesses: :class:`DateOrderQuestion` names the column and an example, and
the caller reads again with ``month_first`` given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from simulator.files.cells import parse_number
from simulator.history.headers import match_columns
from simulator.history.reader import HistoryError, Problem
from simulator.history.table import read_table
from simulator.history.words import field_name, period_text
from simulator.i18n import _, listed, ngettext, number_text
from simulator.model.checks import InputError
from simulator.model.open_deals import MAX_DEALS, OpenDeal

#: Each field of an open deal and the column names CRMs export it under (lower case).
PIPELINE_FIELDS: dict[str, tuple[str, ...]] = {
    "deal_id": ("deal id", "record id", "opportunity id", "id", "deal_id"),
    "name": ("deal name", "opportunity name", "deal title", "title", "name"),
    "stage": ("deal stage", "stage", "stage name", "pipeline stage", "etapa", "этап", "المرحلة"),
    "amount": (
        "amount",
        "deal value",
        "value",
        "opportunity amount",
        "amount (usd)",
        "importe",
        "сумма",
        "المبلغ",
    ),
    "close_date": ("close date", "expected close date", "closing date", "close_date", "fecha de cierre"),
    "owner": ("deal owner", "opportunity owner", "owner", "owner name", "responsable", "ответственный"),
    "created": ("create date", "created date", "deal created on", "created", "created_at"),
}
#: The fields an export must have.
PIPELINE_REQUIRED = ("stage", "amount", "close_date")
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


class DateOrderQuestion(HistoryError):
    """The export's dates could be day first or month first: the reader asks which (see the module)."""


@dataclass(frozen=True)
class PipelineExport:
    """The open deals of an export, and how it was read.

    Attributes
    ----------
    deals : tuple of OpenDeal
        The rows that could be read, their close days counted from the review date.
    columns : dict of str to str
        Field -> the file's column.
    problems : tuple of Problem
        Each row left out, with its row and column and why.
    month_first : bool
        How the dates were read.
    """

    deals: tuple[OpenDeal, ...]
    columns: dict[str, str]
    problems: tuple[Problem, ...]
    month_first: bool


def read_pipeline(
    source: str | bytes | Path,
    review_date: date,
    *,
    mapping: Mapping[str, str] | None = None,
    month_first: bool | None = None,
) -> PipelineExport:
    """Read a CRM export of open deals, one row per deal.

    Parameters
    ----------
    source : str, bytes or Path
        CSV text or bytes, or an ``.xlsx`` workbook, as :func:`~simulator.history.table.read_table` reads.
    review_date : date
        The day of the review: close days are counted from it, and a close date before it is refused.
    mapping : mapping of str to str, optional
        Field -> column, for columns the known names miss.
    month_first : bool, optional
        How to read dates such as ``03/04/2026`` when the file does not say.

    Raises
    ------
    HistoryError
        When a required column is missing (its header is given so that a page can offer to map it).
    DateOrderQuestion
        When the dates could be read either way and `month_first` is not given.

    Examples
    --------
    >>> text = "Deal Name,Deal Stage,Amount,Close Date,Deal Owner\\nAcme,Proposal/Price Quote,12000,2026-03-31,Ana"
    >>> export = read_pipeline(text, date(2026, 3, 1))
    >>> [(d.deal_id, d.stage, d.amount, d.close_day, d.owner) for d in export.deals]
    [('Acme', 'Proposal/Price Quote', 12000.0, 30.0, 'Ana')]
    """
    table = read_table(source, max_rows=MAX_DEALS + 1)  # one past the most read, to say so
    (_first, header), *rows = table.rows
    columns = match_columns(header, mapping, PIPELINE_FIELDS)
    if "deal_id" not in columns and "name" in columns:
        columns["deal_id"] = columns["name"]  # HubSpot and Pipedrive exports name deals, without an id
    missing = [field for field in (*PIPELINE_REQUIRED, "deal_id") if field not in columns]
    if missing:
        raise HistoryError(
            _("No column found for: {fields}. Map them to the file's columns.").format(
                fields=listed(field_name(field) for field in missing)
            ),
            header=tuple(header),
            missing=tuple(missing),
        )
    position = {field: header.index(column) for field, column in columns.items()}
    records = [
        (number, {field: _cell(cells, index) for field, index in position.items()}) for number, cells in rows
    ]
    if month_first is None:
        month_first = date_order([record["close_date"] for _number, record in records], columns["close_date"])
    deals, problems, seen = [], [], {}
    for number, record in records[: MAX_DEALS + 1]:
        try:
            deal = _deal(record, review_date, month_first, table.delimiter, columns)
        except _RowError as error:
            problems.append(Problem(number, error.column, error.message))
            continue
        if deal.deal_id in seen:
            problems.append(
                Problem(
                    number,
                    columns["deal_id"],
                    _("{deal} is also in row {row}: left out").format(
                        deal=repr(deal.deal_id), row=seen[deal.deal_id]
                    ),
                )
            )
            continue
        seen[deal.deal_id] = number
        deals.append(deal)
    if len(records) > MAX_DEALS:
        problems.append(
            Problem(
                None,
                None,
                ngettext(
                    "Only the first {deals} deals are read.", "Only the first {deals} deals are read.", MAX_DEALS
                ).format(deals=number_text(MAX_DEALS)),
            )
        )
    return PipelineExport(tuple(deals[:MAX_DEALS]), columns, tuple(problems), month_first)


class _RowError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _deal(record: dict[str, str], review: date, month_first: bool, delimiter: str, columns: dict) -> OpenDeal:
    for field in (*PIPELINE_REQUIRED, "deal_id"):
        if not record[field]:
            raise _RowError(columns[field], _("no {field}: the deal is left out").format(field=field_name(field)))
    try:
        amount = parse_number(record["amount"], delimiter=delimiter, currency=True)
    except ValueError:
        raise _RowError(
            columns["amount"],
            _("{cell} is not an amount: the deal is left out").format(cell=repr(record["amount"])),
        ) from None
    try:
        closes = parse_date(record["close_date"], month_first=month_first)
    except ValueError:
        raise _RowError(
            columns["close_date"],
            _("{cell} is not a date: the deal is left out").format(cell=repr(record["close_date"])),
        ) from None
    if closes < review:
        raise _RowError(
            columns["close_date"],
            _(
                "{day} is before the review ({review}): an open deal can't close in the past; move its date in "
                "the CRM, or close it"
            ).format(day=period_text(closes.isoformat()), review=period_text(review.isoformat())),
        )
    try:
        return OpenDeal(
            deal_id=record["deal_id"],
            stage=record["stage"],
            amount=amount,
            close_day=float((closes - review).days),
            owner=record.get("owner", ""),
            name=record.get("name", ""),
        )
    except InputError as error:  # the checks left after the ones above: a negative amount
        raise _RowError(
            columns["amount"],
            _("{value} is not allowed: it must be {allowed}").format(
                value=repr(error.value), allowed=error.allowed
            ),
        ) from None


def parse_date(text: str, *, month_first: bool = False) -> date:
    """A date as spreadsheets write it (see the module); a time after it is ignored.

    Examples
    --------
    >>> parse_date("31.03.2026"), parse_date("03/31/2026", month_first=True), parse_date("2026-03-31 00:00:00")
    (datetime.date(2026, 3, 31), datetime.date(2026, 3, 31), datetime.date(2026, 3, 31))
    """
    day_part = text.strip().split(" ")[0].split("T")[0]
    if match := _YEAR_FIRST.fullmatch(day_part):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _YEAR_LAST.fullmatch(day_part):
        first, second = int(match[1]), int(match[2])
        day, month = (second, first) if month_first else (first, second)
        return date(int(match[3]), month, day)
    raise ValueError(text)


def date_order(texts: list[str], column: str) -> bool:
    """Whether a column's dates are month first, from every one of them; a question when none says.

    Raises
    ------
    DateOrderQuestion
        When every date could be read either way and at least one reads differently each way.

    Examples
    --------
    >>> date_order(["31/03/2026", "01/04/2026"], "Close Date"), date_order(["03/31/2026"], "Close Date")
    (False, True)
    """
    pairs = [(int(m[1]), int(m[2])) for m in (_YEAR_LAST.fullmatch(t.split(" ")[0]) for t in texts) if m]
    if not pairs or any(first > 12 for first, _second in pairs):
        return False
    if any(second > 12 for _first, second in pairs):
        return True
    if all(first == second for first, second in pairs):
        return False  # 03/03/2026 reads the same either way
    example = next(f"{a:02d}/{b:02d}" for a, b in pairs if a != b)
    raise DateOrderQuestion(
        _(
            "Column {column}: a date such as {example} could be day first or month first, and no date in the file "
            "says which. Say how the file writes its dates."
        ).format(column=column, example=period_text(example))
    )
