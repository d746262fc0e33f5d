"""Actuals to date of a goal in flight: what the period has brought so far, week by week or month by month, as a
CRM report exports it or as typed in.

A file has one row per week or per month: the history format (:mod:`simulator.history.reader`) with a ``week``
column (the week's first day) in place of ``month``, or with its ``month`` column. A date column that is not named
for weeks holds weeks when every cell is a full date and the rows are seven days apart. The figures are any of
visits, leads, qualified, won and revenue; a review counts the one its goal counts.

A row counts for the period when its week or month overlaps the period up to the review: a CRM's weekly report
of the quarter groups the quarter's first days into a week that began before it. Rows wholly before the period
or from the review on are left out, each named.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from simulator.files.cells import parse_number
from simulator.history.headers import FIELDS, match_columns
from simulator.history.months import dates_month_first, parse_month
from simulator.history.pipeline_reader import date_order, parse_date
from simulator.history.reader import COUNTS, HistoryError, Problem
from simulator.history.table import read_table
from simulator.history.words import figure_name, period_text
from simulator.i18n import _

#: The figures actuals may hold, each a count of the period or its revenue.
FIGURES = (*COUNTS, "revenue")
#: The headers of a week column; a history's month headers name a month column.
WEEK_HEADERS = ("week", "week of", "week start", "week starting", "semana", "неделя", "الأسبوع")
ACTUALS_FIELDS = {"week": WEEK_HEADERS, "month": FIELDS["month"], **{figure: FIELDS[figure] for figure in FIGURES}}


@dataclass(frozen=True)
class ActualsRow:
    """One week or month of actuals: its first day, its length in days, its figures (NaN: not given) and the
    file's row it was read from (None when typed)."""

    start: date
    days: int
    figures: Mapping[str, float]
    row: int | None = None

    @property
    def end(self) -> date:
        """The day after its last day."""
        return self.start + timedelta(days=self.days)


@dataclass(frozen=True)
class ActualsTable:
    """Actuals to date, as read or typed.

    Attributes
    ----------
    rows : tuple of ActualsRow
        By start date.
    unit : str
        ``"week"`` or ``"month"``.
    figures : tuple of str
        The figures the file has a column for.
    problems : tuple of Problem
        Each cell or row that could not be used, with its row and column and what became of it.
    """

    rows: tuple[ActualsRow, ...]
    unit: str
    figures: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    @classmethod
    def typed(cls, unit: str, rows: Iterable[tuple[date, Mapping[str, float]]]) -> ActualsTable:
        """Actuals typed in: each week's or month's first day and its figures (NaN: not typed).

        The figures are those any row names; a month starts on its first day whatever day is typed. A
        second row of the same week or month is left out, named by its place in the table (from 1).

        Examples
        --------
        >>> table = ActualsTable.typed("month", [(date(2026, 2, 10), {"revenue": math.nan, "won": 4.0})])
        >>> [(str(row.start), row.days) for row in table.rows], table.figures
        ([('2026-02-01', 28)], ('won', 'revenue'))
        """
        if unit == "month":
            rows = [(start.replace(day=1), figures) for start, figures in rows]
        kept, problems = {}, []
        for number, (start, figures) in enumerate(rows, start=1):
            if start in kept:
                message = (
                    _("the same week as another row ({start}): left out")
                    if unit == "week"
                    else _("the same month as another row ({start}): left out")
                ).format(start=period_text(start))
                problems.append(Problem(number, None, message))
            else:
                kept[start] = ActualsRow(start, _days(start, unit), dict(figures), number)
        given = {name for row in kept.values() for name in row.figures}
        return cls(
            tuple(sorted(kept.values(), key=lambda row: row.start)),
            unit,
            tuple(figure for figure in FIGURES if figure in given),
            tuple(problems),
        )


@dataclass(frozen=True)
class ActualsToDate:
    """What a period has brought of one figure by the review.

    Attributes
    ----------
    banked : float
        The figure's total over the rows that count.
    path : tuple of (float, float)
        The running total: days since the period's start (each counted row's end, the review at most) and the
        total by then, from ``(0, 0)``.
    weeks_done : float
        Weeks from the period's start to the review.
    left_out : tuple of Problem
        The rows outside the period up to the review.
    """

    banked: float
    path: tuple[tuple[float, float], ...]
    weeks_done: float
    left_out: tuple[Problem, ...]


def read_actuals(
    source: str | bytes | Path, *, mapping: Mapping[str, str] | None = None, month_first: bool | None = None
) -> ActualsTable:
    """Read a file of actuals to date, one row per week or month (see the module).

    Parameters
    ----------
    source : str, bytes or Path
        CSV text or bytes, or an ``.xlsx`` workbook, as :func:`~simulator.history.table.read_table` reads.
    mapping : mapping of str to str, optional
        Field -> column, for columns the known names miss.
    month_first : bool, optional
        How to read weekly dates such as ``03/04/2026`` when the file does not say.

    Raises
    ------
    HistoryError
        When there is no week or month column, or no figure column.
    DateOrderQuestion
        When weekly dates could be read either way and `month_first` is not given.

    Examples
    --------
    >>> actuals = read_actuals("Week;Won;Revenue\\n2026-01-05;3;$36.000\\n2026-01-12;2;$25.500")
    >>> actuals.unit, [(str(row.start), row.figures["won"], row.figures["revenue"]) for row in actuals.rows]
    ('week', [('2026-01-05', 3.0, 36000.0), ('2026-01-12', 2.0, 25500.0)])
    """
    table = read_table(source)
    (_first, header), *rows = table.rows
    columns = match_columns(header, mapping, ACTUALS_FIELDS)
    period = "week" if "week" in columns else "month"
    figures = tuple(figure for figure in FIGURES if figure in columns)
    if period not in columns or not figures:
        missing = tuple(need for need, found in (("week", period in columns), ("won", bool(figures))) if not found)
        raise HistoryError(
            _(
                "Actuals need a column for the week (its first day) or the month, and one for won deals or "
                "revenue."
            ),
            header=tuple(header),
            missing=missing,
        )
    dates = columns[period]
    position = {field: header.index(column) for field, column in columns.items()}
    cells = [(number, [_cell(row, position[field]) for field in (period, *figures)]) for number, row in rows]
    dated = [(number, texts[0], texts[1:]) for number, texts in cells]
    if period == "month" and _holds_weeks([text for _row, text, _texts in dated]):
        period = "week"
    starts, problems = _starts(dated, dates, period, month_first)
    read, seen = [], {}
    for number, _text, texts in dated:
        start = starts.get(number)
        if start is None:
            continue
        if start in seen:
            message = (
                _("the same week as row {row}: left out")
                if period == "week"
                else _("the same month as row {row}: left out")
            ).format(row=seen[start])
            problems.append(Problem(number, dates, message))
            continue
        seen[start] = number
        values, bad = _figures(number, texts, figures, columns, table.delimiter)
        problems.extend(bad)
        read.append(ActualsRow(start, _days(start, period), values, number))
    return ActualsTable(tuple(sorted(read, key=lambda row: row.start)), period, figures, tuple(problems))


def to_date(actuals: ActualsTable, figure: str, period_start: date, review_date: date) -> ActualsToDate:
    """The running total of `figure` from `period_start` to `review_date` (see the module).

    A cell that was not given counts as 0 (the reader named it).

    Raises
    ------
    HistoryError
        When the actuals have no column for `figure`, or the review is not after the period's start.

    Examples
    --------
    >>> actuals = read_actuals("Week,Won\\n2025-12-29,2\\n2026-01-05,3\\n2026-01-12,4")
    >>> progress = to_date(actuals, "won", date(2026, 1, 1), date(2026, 1, 12))
    >>> progress.banked, progress.path
    (5.0, ((0.0, 0.0), (4.0, 2.0), (11.0, 5.0)))
    >>> [str(problem) for problem in progress.left_out]
    ['row 4: the week of 2026-01-12 starts on the review or later: left out']
    """
    if figure not in actuals.figures:
        raise HistoryError(
            _("The actuals have no {figure} column: add it, or type the figures.").format(
                figure=figure_name(figure)
            )
        )
    if review_date <= period_start:
        raise HistoryError(_("The review must come after the period's start."))
    total, path, left_out = 0.0, [(0.0, 0.0)], []
    for row in actuals.rows:
        if row.end <= period_start or row.start >= review_date:
            if actuals.unit == "week":
                message = (
                    _("the week of {start} ends before the period's start: left out")
                    if row.end <= period_start
                    else _("the week of {start} starts on the review or later: left out")
                )
            else:
                message = (
                    _("the month of {start} ends before the period's start: left out")
                    if row.end <= period_start
                    else _("the month of {start} starts on the review or later: left out")
                )
            left_out.append(Problem(row.row, None, message.format(start=period_text(row.start.isoformat()))))
            continue
        value = row.figures.get(figure, math.nan)
        total += 0.0 if math.isnan(value) else value
        path.append((float((min(row.end, review_date) - period_start).days), total))
    return ActualsToDate(total, tuple(path), (review_date - period_start).days / 7, tuple(left_out))


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _starts(dated, column: str, period: str, month_first: bool | None) -> tuple[dict[int, date], list[Problem]]:
    """Each readable row's first day (by the file's row number), and a problem for each row that has none."""
    texts = [text for _row, text, _texts in dated if text]
    if period == "week":
        order = date_order(texts, column) if month_first is None else month_first
        parse = lambda text: parse_date(text, month_first=order)  # noqa: E731
    else:
        order = dates_month_first(texts) if month_first is None else month_first
        parse = lambda text: parse_month(text, month_first=order).start_time.date()  # noqa: E731
    starts, problems = {}, []
    for number, text, _texts in dated:
        try:
            starts[number] = parse(text)
        except ValueError:
            message = (
                _("{cell} is not a week: the row is left out")
                if period == "week"
                else _("{cell} is not a month: the row is left out")
            )
            problems.append(Problem(number, column, message.format(cell=repr(text))))
    return starts, problems


def _holds_weeks(texts: list[str]) -> bool:
    """Whether a date column not named for weeks holds them: full dates, seven days apart read either way round
    (which way is asked when both could be: :func:`_starts`)."""

    def weekly(month_first: bool) -> bool:
        try:
            days = sorted({parse_date(text, month_first=month_first) for text in texts})
        except ValueError:
            return False
        return len(days) > 1 and all((later - earlier).days == 7 for earlier, later in pairwise(days))

    return weekly(False) or weekly(True)


def _days(start: date, period: str) -> int:
    return 7 if period == "week" else calendar.monthrange(start.year, start.month)[1]


def _figures(number: int, texts, figures, columns, delimiter: str) -> tuple[dict[str, float], list[Problem]]:
    values, problems = {}, []
    for figure, text in zip(figures, texts, strict=True):
        try:
            value = parse_number(text, delimiter=delimiter, currency=figure == "revenue") if text else math.nan
        except ValueError:
            value, message = math.nan, _("{cell} is not a number: counted as 0").format(cell=repr(text))
        else:
            message = (
                _("negative: counted as 0") if value < 0 else _("empty: counted as 0") if math.isnan(value) else ""
            )
        if message:
            problems.append(Problem(number, columns[figure], message))
            value = math.nan
        values[figure] = value
    return values, problems
