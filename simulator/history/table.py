"""A history file's rows of cells: CSV text in any encoding spreadsheets write, or an Excel workbook.

Reading is bounded: the file's size (:data:`~simulator.files.text.MAX_FILE_BYTES`), a workbook's unpacked size
and the number of rows (:data:`MAX_ROWS`) are checked before the work they would cost is done.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.files.text import FileTextError, csv_rows, read_bytes, read_text
from simulator.i18n import _, ngettext, number_text

#: The most rows a history is read with: a month a row, a hundred years.
MAX_ROWS = 1200
#: The most columns: a CRM export carries a few dozen, and each is offered when columns are matched by hand.
MAX_COLUMNS = 100
#: The most a workbook may unpack to: a sheet of MAX_ROWS months takes well under a megabyte.
MAX_WORKBOOK_BYTES = 50 * 2**20
_ZIP = b"PK\x03\x04"
_OLD_EXCEL = bytes.fromhex("d0cf11e0a1b11ae1")


@dataclass(frozen=True)
class Table:
    """The rows of a history file as text cells, and how they were read.

    Attributes
    ----------
    rows : list of (int, list of str)
        Each row with a cell filled in: its number as the spreadsheet shows it (the header is row 1) and its
        cells.
    encoding : str or None
        Python's name of the text's encoding; None for text given as text, or a workbook.
    delimiter : str
        The CSV separator (``","`` for a workbook, whose cells come apart already).
    sheet : str or None
        The name of the workbook sheet read; None for CSV.
    """

    rows: list[tuple[int, list[str]]]
    encoding: str | None
    delimiter: str
    sheet: str | None = None


def read_table(source: str | bytes | Path, *, max_rows: int = MAX_ROWS) -> Table:
    """The rows of a history file: CSV (see :func:`~simulator.files.text.read_text`) or ``.xlsx``.

    Parameters
    ----------
    max_rows : int
        The most rows read besides the header: a month a row by default; files of deals pass their own.

    Raises
    ------
    FileTextError
        When the file is too large, has more than `max_rows` rows or :data:`MAX_COLUMNS` columns, is not
        text nor a workbook, or its quotes do not pair up (naming the row).

    Examples
    --------
    >>> table = read_table(b"month,visits\\n2025-01,4000\\n")
    >>> table.rows, table.encoding
    ([(1, ['month', 'visits']), (2, ['2025-01', '4000'])], 'utf-8')
    """
    if not isinstance(source, str):
        source = read_bytes(source)
        if source.startswith(_ZIP):
            return _workbook(source, max_rows)
        if source.startswith(_OLD_EXCEL):
            raise FileTextError(_("This is an old Excel workbook (.xls): save it as .xlsx or as CSV UTF-8."))
    file = read_text(source)
    return Table(_bounded(csv_rows(file.text, file.delimiter), max_rows), file.encoding, file.delimiter)


def _bounded(rows, max_rows: int) -> list[tuple[int, list[str]]]:
    kept = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank rows are common in exports, and cost nothing kept out
        if len(kept) > max_rows:
            if max_rows != MAX_ROWS:
                raise FileTextError(
                    ngettext(
                        "The file has more than {rows} row; up to {rows} are read.",
                        "The file has more than {rows} rows; up to {rows} are read.",
                        max_rows,
                    ).format(rows=number_text(max_rows))
                )
            raise FileTextError(
                ngettext(
                    "The file has more than {rows} row: a history is one row per month, and up to {rows} month "
                    "({years} years) are read. Keep the recent months.",
                    "The file has more than {rows} rows: a history is one row per month, and up to {rows} months "
                    "({years} years) are read. Keep the recent months.",
                    MAX_ROWS,
                ).format(rows=number_text(MAX_ROWS), years=number_text(MAX_ROWS // 12))
            )
        if len(cells) > MAX_COLUMNS and any(cell.strip() for cell in cells[MAX_COLUMNS:]):
            raise FileTextError(
                ngettext(
                    "Row {row} has {cells} cell: up to {columns} columns are read. Save the history alone "
                    "(one row per month, one column per figure).",
                    "Row {row} has {cells} cells: up to {columns} columns are read. Save the history alone "
                    "(one row per month, one column per figure).",
                    len(cells),
                ).format(row=number, cells=number_text(len(cells)), columns=number_text(MAX_COLUMNS))
            )
        kept.append((number, cells))
    return kept


def _workbook(data: bytes, max_rows: int) -> Table:
    """The first sheet of an ``.xlsx`` workbook, each cell as the text a CSV export would hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > MAX_WORKBOOK_BYTES:
            raise FileTextError(
                _(
                    "The workbook unpacks to {size} MB; up to {most} MB are read. Save the history alone (one "
                    "sheet, one row per month) as .xlsx or CSV."
                ).format(size=number_text(unpacked / 2**20), most=number_text(MAX_WORKBOOK_BYTES // 2**20))
            )
        with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as book:
            name = book.sheet_names[0]
            frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object, nrows=max_rows + 2)
    except FileTextError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds on a damaged workbook; all mean the same to a user
        raise FileTextError(
            _(
                "The file looks like an Excel workbook but cannot be opened: save it again as .xlsx, "
                "or as CSV UTF-8."
            )
        ) from None
    rows = [[_cell_text(value) for value in values] for values in frame.itertuples(index=False)]
    return Table(_bounded(enumerate(rows, start=1), max_rows), None, ",", str(name))


def _cell_text(value: object) -> str:
    """A workbook cell as CSV text: whole numbers without ``.0``, dates as ``2026-03-31`` (a month's column reads
    its month from it; a deal's close date needs the day)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime.date):  # datetimes and pandas Timestamps too
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
