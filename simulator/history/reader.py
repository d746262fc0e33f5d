"""History: past monthly funnel counts, read from a CRM or spreadsheet export, checked and fitted.

Reading is forgiving about form (CSV separated by ``,``, ``;``, tab or ``|``, or an ``.xlsx`` workbook; UTF-8,
UTF-16 or a Windows code page; decimal comma or the Arabic decimal separator, thousands separators, currency
symbols and codes on money, Arabic-Indic digits, months written as ``2025-01``, ``01/2025``, ``Jan 2025``,
``2025-01-31`` or ``1/31/2025``, headers in English, Spanish, Russian or Arabic), says what it detected, and is
honest about content: every problem is reported with its row number, nothing is dropped or shifted silently (a
row with more cells than the header, or quotes that do not pair up, stop the reading with one message naming the
row), and the report says which rows each figure was fitted on.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.files.cells import ARABIC_DECIMAL, read_number
from simulator.files.text import DELIMITER_LABELS, ENCODING_LABELS, FileTextError
from simulator.history.headers import match_columns
from simulator.history.months import dates_month_first, parse_month
from simulator.history.table import read_table
from simulator.history.words import figure_name
from simulator.i18n import N_, _, listed, ngettext, number_text
from simulator.model.fields import MAX_WHOLE
from simulator.model.stages import STAGES

#: The history column of each funnel stage (a CRM calls won deals "won").
COLUMN_OF_STAGE = dict(zip(STAGES, ("visits", "leads", "qualified", "won"), strict=True))
COUNTS = tuple(COLUMN_OF_STAGE.values())
#: A subscription business's customer counts (:mod:`simulator.history.customer_base`): whole numbers too.
CUSTOMER_COUNTS = ("customers", "new_customers", "churned_customers")
#: The figures that are amounts of money, which may carry a currency (``$52,000.00``, ``52 000 ₽``).
MONEY = ("revenue", "marketing_spend", "mrr")
REQUIRED = ("month", *COUNTS)
#: The figures a history with a channel column needs: one row per month and channel, each with its leads.
CHANNEL_REQUIRED = ("month", "channel", "leads")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where it is (row as the spreadsheet numbers it, column) and what."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        # A row is numbered as the spreadsheet shows it, without a thousands separator.
        if self.row and self.column:
            return _("row {row}, {column}: {message}").format(
                row=self.row, column=self.column, message=self.message
            )
        if self.row:
            return _("row {row}: {message}").format(row=self.row, message=self.message)
        if self.column:
            return _("{column}: {message}").format(column=self.column, message=self.message)
        return self.message


@dataclass(frozen=True)
class History:
    """Monthly funnel counts as read, with every problem found.

    Attributes
    ----------
    data : DataFrame
        One row per month (a ``Period`` column ``month``, sorted), the figures as floats; a cell that could
        not be used is NaN. ``row`` holds the file's row number.
    problems : list of Problem
    mapping : dict
        Which file column each figure was read from.
    header : tuple of str
        The file's column names, as written.
    encoding : str or None
        Python's name of the encoding the file was read as (``"cp1251"``); None when it was given as text.
    delimiter : str
        The separator between cells.
    decimal_mark : str or None
        The decimal mark most cells with a fraction were written with (``"."``, ``","`` or ``"\u066b"``);
        None when every number is whole.
    sheet : str or None
        The workbook sheet read, for an ``.xlsx`` file; None for CSV.
    month_first : bool
        Whether full dates were read month first (``1/31/2025``), as the file's dates showed.
    by_channel : DataFrame or None
        For a file with a channel column, its rows as read, one per month and channel (see
        :func:`simulator.history.channel_reader.read_channel_rows`); `data` then holds the months' totals.
        None for a file with one row per month.
    """

    data: pd.DataFrame
    problems: list[Problem]
    mapping: dict[str, str]
    header: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str = ","
    decimal_mark: str | None = None
    sheet: str | None = None
    month_first: bool = False
    by_channel: pd.DataFrame | None = None

    def detected(self) -> str:
        """What the reader found about the file's form, in one sentence for the data report.

        Examples
        --------
        >>> text = "Месяц;Визиты;Лиды;Квалифицированные;Сделки;Выручка\\n2025-01;4000;120;45;11;52000,5"
        >>> read_history(text.encode("cp1251")).detected()
        'Read as Windows-1251 (Cyrillic), semicolon-separated, with decimal commas.'
        """
        if self.sheet is not None:
            parts = [_("from the sheet {sheet} of an Excel workbook").format(sheet=repr(self.sheet))]
        else:
            separator = _(DELIMITER_LABELS[self.delimiter])
            parts = [_("{separator}-separated").format(separator=separator)]
            if self.encoding is not None:
                encoding = ENCODING_LABELS.get(self.encoding, self.encoding)
                parts.insert(0, _("as {encoding}").format(encoding=_(encoding)))
            if self.decimal_mark is not None:
                parts.append(
                    _("with {decimal_marks}").format(decimal_marks=_(DECIMAL_MARK_LABELS[self.decimal_mark]))
                )
        if self.month_first:
            parts.append(_("with dates month first (as in 1/31/2025)"))
        # TRANSLATORS: how a file was read, e.g. "Read as UTF-8, semicolon-separated, with decimal commas."
        return _("Read {details}.").format(details=listed(parts))

    def usable(self, numerator: str, denominator: str) -> pd.DataFrame:
        """Rows where a rate can be measured: both counts present and in funnel order."""
        frame = self.data.dropna(subset=[numerator, denominator])
        return frame[(frame[numerator] <= frame[denominator]) & (frame[denominator] > 0)]


#: How each decimal mark is named in the data report.
DECIMAL_MARK_LABELS = {
    ".": N_("decimal points"),
    ",": N_("decimal commas"),
    ARABIC_DECIMAL: N_("the Arabic decimal separator (٫)"),
}


class HistoryError(ValueError):
    """A history file that cannot be read at all (one plain message).

    Attributes
    ----------
    header : tuple of str
        The file's column names when its header could be read (so a page can offer to map them without
        reading the file again), else empty.
    missing : tuple of str
        The required figures no column was found for.
    """

    def __init__(self, message: str, *, header: tuple[str, ...] = (), missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.header, self.missing = header, missing

    def __reduce__(self):  # keep the header through pickling (Streamlit's cache, process pools)
        return _history_error, (str(self), self.header, self.missing)


def _history_error(message: str, header: tuple[str, ...], missing: tuple[str, ...]) -> HistoryError:
    return HistoryError(message, header=header, missing=missing)


def read_history(source: str | bytes | Path, mapping: Mapping[str, str] | None = None) -> History:
    """Read a history CSV or ``.xlsx`` workbook, reporting every problem with its row.

    Parameters
    ----------
    source : str, bytes or Path
        The file's text, its bytes or its path; up to :data:`~simulator.files.text.MAX_FILE_BYTES` and
        :data:`~simulator.history.table.MAX_ROWS` rows.
    mapping : mapping of figure to column name, optional
        For headers the reader does not recognise (see :data:`~simulator.history.headers.FIELDS`).

    A subscription business's file may add its customer base: ``customers`` (at the month's end),
    ``new_customers``, ``churned_customers`` and ``mrr``, checked by
    :func:`~simulator.history.customer_base.check_customer_base`.

    A file with a channel column (``channel``, ``source``, ``canal``, ``канал``, ...) has one row per month and
    channel and needs :data:`CHANNEL_REQUIRED` only: it is read by
    :func:`~simulator.history.channel_reader.read_channel_rows`, its months' totals in `data`.

    Raises
    ------
    HistoryError
        When the file cannot be read at all (too large, not a table, quotes that do not pair up, a row with
        more cells than the header), or a required figure has no column (the error then carries the file's
        header and the missing figures).

    Examples
    --------
    >>> text = "month,visits,leads,qualified,won,revenue\\n1/1/2025,4000,120,45,11,$52,000.00\\n2/1/2025,4100,118,44,10,"
    >>> read_history(text + '"$48,000.50"')
    Traceback (most recent call last):
    ...
    simulator.history.reader.HistoryError: row 2: this row has 7 cells but the header has 6: a number written with a thousands separator, such as 5,000, must be in quotes in a comma-separated file. Save it again from the spreadsheet, or with ";" as separator.
    >>> history = read_history(text.replace("$52,000.00", '"$52,000.00"') + '"$48,000.50"')
    >>> [str(m) for m in history.data["month"]], history.data["revenue"].tolist()
    (['2025-01', '2025-02'], [52000.0, 48000.5])
    """  # noqa: E501
    try:
        table = read_table(source)
    except FileTextError as error:
        raise HistoryError(str(error)) from None
    rows = table.rows
    if not rows or rows[0][0] != 1:
        raise HistoryError(_("The file is empty: it needs a header row and one row per month."))
    header = [c.strip() for c in rows[0][1]]
    columns = match_columns(header, mapping)
    absent = [name for name in columns.values() if name not in header]
    if absent:
        raise HistoryError(
            _("This file has no column {column}: map the figures to its own columns.").format(
                column=repr(absent[0])
            )
        )
    missing = [f for f in (CHANNEL_REQUIRED if "channel" in columns else REQUIRED) if f not in columns]
    if missing:
        raise HistoryError(
            _("No column for {figures}: map it to one of the file's columns ({columns}).").format(
                figures=listed(figure_name(f) for f in missing), columns=listed(h for h in header if h)
            ),
            header=tuple(h for h in header if h),
            missing=tuple(missing),
        )
    if "channel" in columns:
        # Imported here: the channel reader builds on this module's helpers.
        from simulator.history.channel_reader import read_channel_rows

        return read_channel_rows(table, header, columns)
    index = {figure: header.index(name) for figure, name in columns.items()}
    check_cells(rows[1:], header, index, columns, table.delimiter)
    month_first = dates_month_first(
        cells[index["month"]] for _line, cells in rows[1:] if index["month"] < len(cells)
    )
    problems, records, marks = [], [], Counter()
    for line, cells in rows[1:]:
        record = {"row": line}
        month_text = cells[index["month"]].strip() if index["month"] < len(cells) else ""
        try:
            record["month"] = parse_month(month_text, month_first=month_first)
        except ValueError:
            problems.append(
                Problem(
                    line,
                    columns["month"],
                    _(
                        "{cell} is not a month (use e.g. 2025-01, 01/2025 or Jan 2025); the row is not used."
                    ).format(cell=repr(month_text)),
                )
            )
            continue
        for figure in index:
            if figure == "month":
                continue
            cell = cells[index[figure]].strip() if index[figure] < len(cells) else ""
            record[figure] = read_figure(cell, figure, columns[figure], line, table.delimiter, problems, marks)
        records.append(record)
    if not records:
        raise HistoryError(_("The file has no month that could be read."))
    data = pd.DataFrame(records).sort_values("month").reset_index(drop=True)
    # Imported here: the months' and the customer base's checks build on this module's Problem.
    from simulator.history.customer_base import check_customer_base
    from simulator.history.month_checks import check_funnel, check_months

    check_months(data, problems)
    check_funnel(data, columns, problems)
    check_customer_base(data, columns, problems)
    decimal_mark = marks.most_common(1)[0][0] if marks else None
    return History(
        data,
        problems,
        columns,
        tuple(header),
        table.encoding,
        table.delimiter,
        decimal_mark,
        sheet=table.sheet,
        month_first=month_first,
    )


#: Why a comma-separated row has a cell too many, nearly always.
_THOUSANDS_HINT = N_(
    "a number written with a thousands separator, such as 5,000, must be in quotes in a comma-separated file. "
    'Save it again from the spreadsheet, or with ";" as separator.'
)


def check_cells(rows, header: list[str], index: dict[str, int], columns: dict[str, str], delimiter: str) -> None:
    """Refuse rows that cannot be read without guessing: more cells than the header, or line breaks in a figure."""
    for line, cells in rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise HistoryError(
                str(
                    Problem(
                        line,
                        None,
                        ngettext(
                            "this row has {cells} cell but the header has {header}: {hint}",
                            "this row has {cells} cells but the header has {header}: {hint}",
                            len(cells),
                        ).format(
                            cells=number_text(len(cells)),
                            header=number_text(len(header)),
                            hint=_(_THOUSANDS_HINT)
                            if delimiter == ","
                            else _("check the separators ({separator}) and quotes.").format(
                                separator=repr(delimiter)
                            ),
                        ),
                    )
                )
            )
        for figure, position in index.items():
            if position < len(cells) and "\n" in cells[position].strip():
                raise HistoryError(
                    str(
                        Problem(
                            line,
                            columns[figure],
                            ngettext(
                                'the cell runs over {lines} line: a quote (") opened here closes only further '
                                "down, so the rows between were read as this one cell. Check the quotes from this "
                                "row on.",
                                'the cell runs over {lines} lines: a quote (") opened here closes only further '
                                "down, so the rows between were read as this one cell. Check the quotes from this "
                                "row on.",
                                cells[position].count(chr(10)) + 1,
                            ).format(lines=number_text(cells[position].count(chr(10)) + 1)),
                        )
                    )
                )


def read_figure(cell, figure, column, line, delimiter, problems, marks) -> float:
    """A figure's cell as a number; NaN, with a problem naming row and column, when it cannot be used."""
    if cell == "":
        problems.append(Problem(line, column, _("empty; this month is left out of the figures that need it.")))
        return math.nan
    try:
        value, mark = read_number(cell, delimiter=delimiter, currency=figure in MONEY)
    except ValueError:
        problems.append(Problem(line, column, _("{cell} is not a number; left out.").format(cell=repr(cell))))
        return math.nan
    if value < 0:
        problems.append(Problem(line, column, _("{cell} is negative; left out.").format(cell=cell)))
        return math.nan
    if value > MAX_WHOLE:
        message = _("{cell} is more than {most} (the most read); left out.").format(
            cell=cell, most=number_text(MAX_WHOLE)
        )
        problems.append(Problem(line, column, message))
        return math.nan
    if (figure in COUNTS or figure in CUSTOMER_COUNTS) and value != int(value):
        message = _("{cell} is not a whole number of {figure}; left out.").format(
            cell=cell, figure=figure_name(figure)
        )
        problems.append(Problem(line, column, message))
        return math.nan
    if mark is not None:
        marks[mark] += 1
    return value
