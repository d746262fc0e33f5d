"""Months as spreadsheets and CRMs write them, and which way round a file writes its dates.

``2025-01``, ``01/2025``, ``Jan 2025``, ``enero 2025``, ``2025-01-31``; full dates are day first in most of the
world and month first in the United States (``3/1/2025`` is 3 January in one and 1 March in the other), so the
order is settled once per file, from all its dates, never cell by cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

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
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?")
_YEAR_LAST = re.compile(r"(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})")
_WORD = re.compile(r"([^\d\s]+)\.?\s*(\d{4})")


def parse_month(text: str, *, month_first: bool = False) -> pd.Period:
    """A month from ``2025-01``, ``01/2025``, ``1.2025``, ``Jan 2025``, ``enero 2025`` or ``2025-01-31``.

    Month names are English, Spanish, Russian or Arabic (as written in Egypt and the Gulf); digits may be
    Arabic-Indic. A full date ending in the year is day first (``31/01/2025``) unless `month_first`
    (``1/31/2025``); see :func:`dates_month_first`.

    Examples
    --------
    >>> [str(parse_month(t)) for t in ("2025-01", "01/2025", "Jan 2025", "2025-01-31", "дек 2024", "مارس ٢٠٢٥")]
    ['2025-01', '2025-01', '2025-01', '2025-01', '2024-12', '2025-03']
    >>> str(parse_month("3/1/2025")), str(parse_month("3/1/2025", month_first=True))
    ('2025-01', '2025-03')
    """
    cleaned = text.strip().lower().replace(",", " ")
    if match := _YEAR_FIRST.fullmatch(cleaned):
        year, month = int(match[1]), int(match[2])
    elif match := _YEAR_LAST.fullmatch(cleaned):
        month, year = int(match[1] if month_first and match[1] else match[2]), int(match[3])
    elif match := _WORD.fullmatch(cleaned):
        month, year = MONTH_WORDS.get(match[1].rstrip(".")), int(match[2])
    else:
        raise ValueError(text)
    if month is None or not 1 <= month <= 12:
        raise ValueError(text)
    return pd.Period(year=year, month=month, freq="M")


def dates_month_first(texts: Iterable[str]) -> bool:
    """Whether a column's full dates are month first (``1/31/2025``, as in the United States).

    A first number above 12 settles it one way, a second above 12 the other; when every date could be read
    either way, the reading that tells more months apart wins (a monthly export of ``1/1/2025``, ``2/1/2025``
    ... is three months month first and one month day first); a tie stays day first, as most of the world
    writes.

    Examples
    --------
    >>> dates_month_first(["1/1/2025", "2/1/2025", "3/1/2025"]), dates_month_first(["01/02/2025", "01/03/2025"])
    (True, False)
    >>> dates_month_first(["1/31/2025"]), dates_month_first(["31/1/2025"]), dates_month_first(["Jan 2025"])
    (True, False, False)
    """
    pairs = [
        (int(m[1]), int(m[2]), m[3])
        for m in (_YEAR_LAST.fullmatch(text.strip()) for text in texts)
        if m is not None and m[1] is not None
    ]
    if any(first > 12 for first, _, _ in pairs):
        return False
    if any(second > 12 for _, second, _ in pairs):
        return True
    month_first = len({(first, year) for first, _, year in pairs})
    day_first = len({(second, year) for _, second, year in pairs})
    return month_first > day_first
