"""History: past monthly funnel counts, read from a CRM or spreadsheet export, checked and fitted.

Reading is forgiving about form (``,``, ``;``, tab or ``|``; UTF-8, UTF-16 or a Windows code page; decimal
comma or the Arabic decimal separator, thousands separators, Arabic-Indic digits, months written as ``2025-01``,
``01/2025``, ``Jan 2025`` or ``2025-01-31``, headers in English, Spanish, Russian or Arabic), says what it
detected, and is honest about content: every problem is reported with its row number, nothing is dropped
silently, and the report says which rows each figure was fitted on.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.files.cells import ARABIC_DECIMAL, read_number
from simulator.files.text import DELIMITER_LABELS, ENCODING_LABELS, FileTextError, read_text
from simulator.model.stages import RATES, STAGES

#: The figures a history file can hold, and the headers recognised for each (lower case).
FIELDS = {
    "month": ("month", "period", "date", "mes", "fecha", "periodo", "месяц", "период", "дата", "الشهر", "التاريخ"),
    "visits": (
        "visits",
        "visitors",
        "sessions",
        "traffic",
        "unique visits",
        "visitas",
        "sesiones",
        "визиты",
        "посещения",
        "трафик",
        "الزيارات",
        "الزوار",
    ),
    "leads": ("leads", "lead", "new leads", "contactos", "prospectos", "лиды", "заявки", "العملاء المحتملون"),
    "qualified": (
        "qualified",
        "opportunities",
        "sql",
        "sqls",
        "qualified opportunities",
        "oportunidades",
        "calificados",
        "квалифицированные",
        "возможности",
        "الفرص المؤهلة",
        "المؤهلة",
    ),
    "won": (
        "won",
        "deals",
        "won deals",
        "customers",
        "new customers",
        "closed won",
        "ganados",
        "ventas",
        "clientes",
        "сделки",
        "выигранные",
        "клиенты",
        "الصفقات",
        "الصفقات المغلقة",
    ),
    "revenue": ("revenue", "sales", "bookings", "ingresos", "facturación", "выручка", "доход", "الإيرادات"),
    "marketing_spend": (
        "marketing spend",
        "spend",
        "marketing",
        "gasto",
        "inversión",
        "расходы",
        "бюджет",
        "الإنفاق",
    ),
    "reps": ("reps", "sales reps", "vendedores", "comerciales", "менеджеры", "продавцы", "مندوبي المبيعات"),
}
#: The history column of each funnel stage (a CRM calls won deals "won").
COLUMN_OF_STAGE = dict(zip(STAGES, ("visits", "leads", "qualified", "won"), strict=True))
COUNTS = tuple(COLUMN_OF_STAGE.values())
REQUIRED = ("month", *COUNTS)
#: (later, earlier) stage columns: a later stage never exceeds the one before it.
FUNNEL_ORDER = tuple((COLUMN_OF_STAGE[rate.result], COLUMN_OF_STAGE[rate.source]) for rate in RATES)
MONTH_WORDS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "ene", "enero", "янв", "январь", "يناير"),
            ("feb", "february", "febrero", "фев", "февраль", "فبراير"),
            ("mar", "march", "marzo", "мар", "март", "مارس"),
            ("apr", "april", "abr", "abril", "апр", "апрель", "أبريل", "إبريل"),
            ("may", "mayo", "май", "مايو"),
            ("jun", "june", "junio", "июн", "июнь", "يونيو"),
            ("jul", "july", "julio", "июл", "июль", "يوليو"),
            ("aug", "august", "ago", "agosto", "авг", "август", "أغسطس"),
            ("sep", "sept", "september", "septiembre", "сен", "сентябрь", "سبتمبر"),
            ("oct", "october", "octubre", "окт", "октябрь", "أكتوبر"),
            ("nov", "november", "noviembre", "ноя", "ноябрь", "نوفمبر"),
            ("dec", "december", "dic", "diciembre", "дек", "декабрь", "ديسمبر"),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where it is (row as the spreadsheet numbers it, column) and what."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "", self.column or "") if p)
        return f"{where}: {self.message}" if where else self.message


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
    """

    data: pd.DataFrame
    problems: list[Problem]
    mapping: dict[str, str]
    header: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str = ","
    decimal_mark: str | None = None

    def detected(self) -> str:
        """What the reader found about the file's form, in one sentence for the data report.

        Examples
        --------
        >>> text = "Месяц;Визиты;Лиды;Квалифицированные;Сделки;Выручка\\n2025-01;4000;120;45;11;52000,5"
        >>> read_history(text.encode("cp1251")).detected()
        'Read as Windows-1251 (Cyrillic), semicolon-separated, with decimal commas.'
        """
        parts = [f"{DELIMITER_LABELS[self.delimiter]}-separated"]
        if self.encoding is not None:
            parts.insert(0, f"as {ENCODING_LABELS.get(self.encoding, self.encoding)}")
        if self.decimal_mark is not None:
            parts.append(f"with {DECIMAL_MARK_LABELS[self.decimal_mark]}")
        return f"Read {', '.join(parts)}."

    def usable(self, numerator: str, denominator: str) -> pd.DataFrame:
        """Rows where a rate can be measured: both counts present and in funnel order."""
        frame = self.data.dropna(subset=[numerator, denominator])
        return frame[(frame[numerator] <= frame[denominator]) & (frame[denominator] > 0)]


#: How each decimal mark is named in the data report.
DECIMAL_MARK_LABELS = {
    ".": "decimal points",
    ",": "decimal commas",
    ARABIC_DECIMAL: "the Arabic decimal separator (٫)",
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


def match_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """Figure -> file column, by the known names, overridden by `mapping`."""
    found = {}
    lowered = {name.strip().lower(): name for name in header}
    for figure, names in FIELDS.items():
        for name in names:
            if name in lowered:
                found[figure] = lowered[name]
                break
    found.update({k: v for k, v in (mapping or {}).items() if v})
    return found


def parse_month(text: str) -> pd.Period:
    """A month from ``2025-01``, ``01/2025``, ``1.2025``, ``Jan 2025``, ``enero 2025`` or ``2025-01-31``.

    Month names are English, Spanish, Russian or Arabic (as written in Egypt and the Gulf); digits may be
    Arabic-Indic.

    Examples
    --------
    >>> [str(parse_month(t)) for t in ("2025-01", "01/2025", "Jan 2025", "2025-01-31", "дек 2024", "مارس ٢٠٢٥")]
    ['2025-01', '2025-01', '2025-01', '2025-01', '2024-12', '2025-03']
    """
    cleaned = text.strip().lower().replace(",", " ")
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?", cleaned):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(?:\d{1,2}[-/.])?(\d{1,2})[-/.](\d{4})", cleaned):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([^\d\s]+)\.?\s*(\d{4})", cleaned):
        month, year = MONTH_WORDS.get(match[1].rstrip(".")), int(match[2])
    else:
        raise ValueError(text)
    if month is None or not 1 <= month <= 12:
        raise ValueError(text)
    return pd.Period(year=year, month=month, freq="M")


def read_history(source: str | bytes | Path, mapping: Mapping[str, str] | None = None) -> History:
    """Read a history CSV, reporting every problem with its row.

    Parameters
    ----------
    source : str, bytes or Path
    mapping : mapping of figure to column name, optional
        For headers the reader does not recognise (see :data:`FIELDS`).

    Raises
    ------
    HistoryError
        When the file cannot be read at all, or a required figure has no column (the error then carries the
        file's header and the missing figures).
    """
    try:
        file = read_text(source)
    except FileTextError as error:
        raise HistoryError(str(error)) from None
    delimiter = file.delimiter
    rows = list(csv.reader(io.StringIO(file.text, newline=""), delimiter=delimiter))
    if not rows or not any(c.strip() for c in rows[0]):
        raise HistoryError("The file is empty: it needs a header row and one row per month.")
    header = [c.strip() for c in rows[0]]
    columns = match_columns(header, mapping)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise HistoryError(
            f"No column for {', '.join(missing)}: map it to one of the file's columns "
            f"({', '.join(h for h in header if h)}).",
            header=tuple(h for h in header if h),
            missing=tuple(missing),
        )
    index = {figure: header.index(name) for figure, name in columns.items() if name in header}
    problems, records, marks = [], [], Counter()
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        record = {"row": line}
        month_text = cells[index["month"]].strip() if index["month"] < len(cells) else ""
        try:
            record["month"] = parse_month(month_text)
        except ValueError:
            problems.append(
                Problem(
                    line,
                    columns["month"],
                    f"{month_text!r} is not a month (use e.g. 2025-01, 01/2025 or Jan 2025); the row is not used.",
                )
            )
            continue
        for figure in index:
            if figure == "month":
                continue
            cell = cells[index[figure]].strip() if index[figure] < len(cells) else ""
            record[figure] = _number(cell, figure, columns[figure], line, delimiter, problems, marks)
        records.append(record)
    if not records:
        raise HistoryError("The file has no month that could be read.")
    data = pd.DataFrame(records).sort_values("month").reset_index(drop=True)
    _check_months(data, problems)
    _check_funnel(data, columns, problems)
    decimal_mark = marks.most_common(1)[0][0] if marks else None
    return History(data, problems, columns, tuple(header), file.encoding, delimiter, decimal_mark)


def _number(cell, figure, column, line, delimiter, problems, marks) -> float:
    if cell == "":
        problems.append(Problem(line, column, "empty; this month is left out of the figures that need it."))
        return math.nan
    try:
        value, mark = read_number(cell, delimiter=delimiter)
    except ValueError:
        problems.append(Problem(line, column, f"{cell!r} is not a number; left out."))
        return math.nan
    if value < 0:
        problems.append(Problem(line, column, f"{cell} is negative; left out."))
        return math.nan
    if figure in COUNTS and value != int(value):
        problems.append(Problem(line, column, f"{cell} is not a whole number of {figure}; left out."))
        return math.nan
    if mark is not None:
        marks[mark] += 1
    return value


def _check_months(data: pd.DataFrame, problems: list[Problem]) -> None:
    duplicated = data[data["month"].duplicated(keep=False)]
    for _, row in duplicated.iterrows():
        problems.append(Problem(int(row["row"]), None, f"{row['month']} appears more than once."))
    months = data["month"]
    expected = pd.period_range(months.min(), months.max(), freq="M")
    for gap in sorted(set(expected) - set(months)):
        problems.append(Problem(None, None, f"{gap} is missing: no row for that month."))


def _check_funnel(data: pd.DataFrame, columns: dict, problems: list[Problem]) -> None:
    for later, earlier in FUNNEL_ORDER:
        broken = data[data[later] > data[earlier]]
        for _, row in broken.iterrows():
            problems.append(
                Problem(
                    int(row["row"]),
                    columns[later],
                    f"{later} ({row[later]:,.0f}) exceed {earlier} ({row[earlier]:,.0f}); this "
                    f"month is left out of the {later}/{earlier} rate.",
                )
            )
